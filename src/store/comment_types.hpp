#pragma once
// The values the comment role reads and writes: list queries and pages, and one comment with its
// edit history (what export and the privacy export hand out).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/comment.hpp"
#include "domain/cursor.hpp"
#include "domain/error.hpp"
#include "domain/viewer.hpp"

namespace tribune::store {

using domain::Result;

/// Which comments a list shows. kDefault: approved comments, tombstones of deleted comments
/// that still have approved replies, and the viewer's own pending comments (by author token hash
/// or user id). The others are moderators' views of one status, or of every status (kAll).
enum class StatusFilter { kDefault, kPending, kRejected, kSpam, kAll };

/// A keyset query over top-level comments of one page, or over the replies of one comment.
struct ListQuery {
    domain::SortOrder order = domain::SortOrder::kOldest;
    std::optional<domain::CommentId> after_id;  // strictly after this id in `order`
    int limit = 20;                             // 1..100, checked by the caller
    domain::Viewer viewer;
    StatusFilter filter = StatusFilter::kDefault;
};

/// One page of a keyset list. `has_more` tells whether a next page exists; it starts after the
/// last comment of this one.
struct CommentPage {
    std::vector<domain::Comment> comments;
    bool has_more = false;

    /// A page from `rows` read with one row more than `limit`: that row, when there, only tells
    /// that a next page exists.
    static CommentPage of(std::vector<domain::Comment> rows, int limit) {
        CommentPage page;
        page.comments = std::move(rows);
        if (limit >= 0 && page.comments.size() > static_cast<std::size_t>(limit)) {
            page.comments.resize(static_cast<std::size_t>(limit));
            page.has_more = true;
        }
        return page;
    }
};

/// One exported comment: every stored field (id, parent id, author, token hash, status, times,
/// reply_count, email) and its edit history, oldest first.
struct CommentRecord {
    domain::Comment comment;
    std::vector<domain::CommentEdit> edits;
    std::string author_email;  // kept for notifications and privacy requests; never shown
    int notify = 0;            // what its poster asked to be mailed (kNotifyReplies | kNotifyApproval)
};

}  // namespace tribune::store
