#pragma once
// The comment role of the Store: posting, reading, counting, editing and moderating one comment.
// Every call blocks: call it from the worker pool, never an I/O thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/comment.hpp"
#include "domain/viewer.hpp"
#include "store/comment_types.hpp"

namespace tribune::store {

using domain::Result;

class CommentStore {
public:
    virtual ~CommentStore() = default;

    /// Stores a new comment and returns it with its id. Durable (committed and synced) before it
    /// returns. An approved comment counts toward its page's total and its parent's reply_count.
    /// Errors: kUnavailable when the database is busy or unreachable.
    virtual Result<domain::Comment> insert_comment(const domain::NewComment& c) = 0;

    /// The comment with `id`, whatever its status. Errors: kNotFound.
    virtual Result<domain::Comment> get_comment(domain::CommentId id) = 0;

    /// Top-level comments of `page`, keyset-paged. An unknown page is an empty list.
    virtual Result<CommentPage> list_comments(std::string_view page, const ListQuery& q) = 0;

    /// Replies of comment `parent_id`, keyset-paged (q.filter applies as for list_comments).
    virtual Result<CommentPage> list_replies(domain::CommentId parent_id, const ListQuery& q) = 0;

    /// For each parent, its first `per_parent + 1` replies oldest first, visible under
    /// StatusFilter::kDefault for `viewer` (or every status when `all_statuses`), in one call.
    /// Returns (parent id, replies) pairs in the order of `parent_ids`.
    virtual Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
        const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
        bool all_statuses) = 0;

    /// Approved comments on `page` (top-level and replies); 0 for an unknown page. O(1).
    virtual Result<std::int64_t> count_approved(std::string_view page) = 0;

    /// count_approved for several pages at once, in the order given.
    virtual Result<std::vector<std::int64_t>> count_approved_many(const std::vector<std::string>& pages) = 0;

    /// Replaces the text, keeps the old one in the edit history, sets edited_at. With
    /// `hold_reason`, in the same transaction, an approved comment goes back to pending (counts
    /// kept right) and a pending one stays so, with that reason for the moderators: the new text
    /// needs a look before readers see it. Errors: kNotFound; kConflict when deleted.
    virtual Result<domain::Comment> edit_comment(domain::CommentId id, const std::string& new_text,
                                                 domain::Time at, const std::string& edited_by,
                                                 const std::optional<std::string>& hold_reason) = 0;

    /// Earlier texts of a comment, oldest first. Errors: kNotFound.
    virtual Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) = 0;

    /// Moves a comment to `status` (not kDeleted), keeping counts right. With `seen_version`, only
    /// while the text is still that version (domain::text_version), checked in the same
    /// transaction. Errors: kNotFound; kConflict when deleted or the text changed since.
    virtual Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status,
                                               const std::optional<std::string>& seen_version) = 0;

    /// Deletes a comment: status kDeleted, text and author name cleared, counts kept right. It
    /// stays as a tombstone in lists while it has approved replies. Errors: kNotFound.
    virtual Result<domain::Comment> delete_comment(domain::CommentId id) = 0;

    /// Marks a comment featured (or not). Errors: kNotFound.
    virtual Result<domain::Comment> set_featured(domain::CommentId id, bool featured) = 0;
};

}  // namespace tribune::store
