#pragma once
// The moderation desk's queues and decisions. Every decision is authorized, written through the
// store, audited with the state before and after, and reported to caches and live readers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/moderation.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// "pending", "reported", "approved", "rejected", "spam", "deleted".
std::optional<store::Queue> parse_queue(std::string_view s);
std::string_view to_string(store::Queue q);

/// One queued comment with what a moderator needs to decide.
struct QueueItem {
    domain::Comment comment;
    std::optional<domain::Comment> parent;         // the comment it replies to, for context
    std::optional<domain::Article> article;        // when the page is one of Tribune's articles
    domain::AuthorStats author;                    // the commenter's record
    std::vector<domain::CommentEdit> edits;        // edit history, oldest first
    std::vector<domain::Report> reports;           // readers' reports, oldest first
};

/// What the desk asks for: a queue, a search, a page of it.
struct QueueRequest {
    store::Queue queue = store::Queue::kPending;
    std::string text;     // search in the comment text
    std::string author;   // search in the author's name
    std::string page;     // one thread only
    std::optional<domain::CommentId> after_id;  // keyset cursor (the last id of the previous page)
    int limit = 50;
};

struct QueueView {
    std::vector<QueueItem> items;
    std::optional<domain::CommentId> next_after_id;  // set when there is a next page
    std::vector<std::pair<store::Queue, std::int64_t>> counts;  // every queue's size, desk tab order
};

/// Staff only. Errors: kUnauthenticated / kForbidden.
domain::Result<QueueView> load_queue(Context& ctx, const Actor& who, const QueueRequest& q);

/// One comment with its context. Staff only.
domain::Result<QueueItem> load_item(Context& ctx, const Actor& who, domain::CommentId id);

/// "approve", "reject", "spam", "feature", "unfeature". Approving, rejecting or marking spam also
/// resolves open reports. With `seen_version` (domain::text_version of what the moderator saw),
/// approve, reject and spam apply only while the text is that version. Errors:
/// kUnauthenticated, kForbidden (not staff), kInvalid (unknown action), kNotFound, kConflict
/// (deleted, or edited since it was seen).
domain::Result<domain::Comment> moderate_comment(Context& ctx, domain::CommentId id, std::string_view action,
                                                 const Actor& who,
                                                 const std::optional<std::string>& seen_version = std::nullopt);

/// moderate_comment's work on a comment already read, the action known and `who` authorized
/// (bans mark the banned comment spam through it).
domain::Result<domain::Comment> apply_moderation(Context& ctx, const domain::Comment& found, std::string_view action,
                                                 const Actor& who,
                                                 const std::optional<std::string>& seen_version = std::nullopt);

/// The same action on many comments (at most 200). Each id is done or reported failed.
struct BulkOutcome {
    std::vector<domain::Comment> done;
    std::vector<std::pair<domain::CommentId, domain::Error>> failed;
};
domain::Result<BulkOutcome> bulk_moderate(Context& ctx, const std::vector<domain::CommentId>& ids,
                                          std::string_view action, const Actor& who);

}  // namespace tribune::service
