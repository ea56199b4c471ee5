#pragma once
// Turns committed comment changes into live events (docs/openapi.yaml, LiveEvent).

#include "domain/comment.hpp"
#include "service/context.hpp"
#include "live/bus.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// The reserved page key of the moderation desk's stream: every comment change on every page,
/// for staff only (the live endpoint refuses others).
inline constexpr std::string_view kDeskChannel = "tribune:desk";

/// Publishes `what` happened to `c` on its page, with the page's new approved count, on `bus`
/// (to every node). Readers who may see the comment get comment.created/updated; when it was
/// rejected or marked spam, the others get comment.deleted so it leaves their screens. For
/// kDeleted, `c` is the comment before the deletion: a pending comment's deletion reaches only
/// its author and staff, like the comment itself. Runs on
/// the worker that wrote; never waits on the network beyond the count query.
void notify_live(live::Bus& bus, store::Store& store, CommentChange what, const domain::Comment& c);

/// Publishes a live-coverage update's change on its article's page `page`, for every reader:
/// {"type":"live_update","action":"posted|edited|deleted","update":{"id","pinned","posted_at",
/// "html"}} (html empty for deleted). It travels as a CommentEvent (so the replay log, the
/// PostgreSQL bus and both transports carry it unchanged) whose comment is a stand-in every
/// reader may see: approved, id -update.id (never a comment's), so a deletion also drops the
/// update's earlier events from the replay log.
void notify_live_update(live::Bus& bus, const std::string& page, LiveUpdateChange what, const domain::LiveUpdate& u,
                        std::string_view html);

/// Publishes that the live coverage of the article at `page` started or ended, for every
/// reader: {"type":"live_coverage","live":true|false}. Its stand-in comment has id 0 (never a
/// comment's nor an update's), and each such event drops the earlier ones from the replay log:
/// a reconnecting reader hears only the latest state.
void notify_live_coverage(live::Bus& bus, const std::string& page, bool live);

}  // namespace tribune::service
