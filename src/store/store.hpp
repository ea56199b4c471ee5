#pragma once
// The Store interface: everything Tribune keeps. Implemented by SqliteStore (embedded default)
// and, for scale-out, PgStore. Every call blocks: call it from the worker pool, never an I/O thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/article.hpp"
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
};

class Store {
public:
    virtual ~Store() = default;

    // Comments.

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

    /// Replaces the text, keeps the old one in the edit history, sets edited_at. Errors: kNotFound.
    virtual Result<domain::Comment> edit_comment(domain::CommentId id, const std::string& new_text,
                                                 domain::Time at, const std::string& edited_by) = 0;

    /// Earlier texts of a comment, oldest first. Errors: kNotFound.
    virtual Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) = 0;

    /// Moves a comment to `status` (not kDeleted), keeping counts right. Errors: kNotFound.
    virtual Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status) = 0;

    /// Deletes a comment: status kDeleted, text and author name cleared, counts kept right. It
    /// stays as a tombstone in lists while it has approved replies. Errors: kNotFound.
    virtual Result<domain::Comment> delete_comment(domain::CommentId id) = 0;

    // Articles.

    /// Stores an article (slug unique). Errors: kConflict for a taken slug.
    virtual Result<domain::Article> insert_article(const domain::Article& a) = 0;

    /// The article with `slug`. Errors: kNotFound.
    virtual Result<domain::Article> get_article(std::string_view slug) = 0;

    /// Newest first.
    virtual Result<std::vector<domain::Article>> list_articles(int limit) = 0;

    /// Other articles by `author`, newest first, without `exclude_slug`.
    virtual Result<std::vector<domain::Article>> articles_by_author(std::string_view author,
                                                                    std::string_view exclude_slug, int limit) = 0;

    /// True when nothing was ever published or posted: the first start seeds the demo.
    virtual Result<bool> is_empty() = 0;
};

}  // namespace tribune::store
