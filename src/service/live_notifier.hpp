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

}  // namespace tribune::service
