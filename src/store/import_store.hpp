#pragma once
// The import role of the Store: threads and comments brought in from another system's export
// (tribune import disqus|wordpress|...), each remembered by its source's id so that importing the
// same file twice adds nothing. Every call blocks and is its own transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"

namespace tribune::store {

using domain::Result;

/// A thread described by the source file: its id there and the page it becomes here.
struct ImportedThread {
    std::string source_id;
    std::string page;
};

/// A comment as an importer made it: plain text, the source's status and time kept.
struct ImportedComment {
    std::string source_id;
    std::string page;
    std::string parent_source_id;  // "" for a top-level comment
    std::string author_name;
    std::string author_email;      // kept for notifications and privacy requests, never shown
    std::string text;
    domain::CommentStatus status = domain::CommentStatus::kApproved;
    domain::Time created_at{};
    std::string ip_hash;           // Tribune's keyed hash of the poster's network, or ""
};

/// What became of one ImportedComment.
struct ImportedCommentResult {
    domain::CommentId id = 0;   // the comment here (the earlier one when already imported)
    bool added = false;         // false: imported before, nothing changed
    bool parent_pending = false;  // its parent is not imported yet: top level until settle_parents
};

/// An article or author remembered by its source id (import_sources kinds 'article', 'author').
struct RememberedItem {
    std::int64_t local_id = 0;  // the article's id (0 when its page was remembered before it was made); 0 for an author
    std::string page;           // the article's page key, or the author's slug
};

/// Where an imported page's old path now lives: GET `path` answers 301 to the article whose page
/// key is `page` (its current path, whatever its slug becomes).
struct PathRedirect {
    std::string path;  // as the old site wrote it, percent-encoding kept; starts with '/'
    std::string page;  // the article's page key
    bool operator==(const PathRedirect&) const = default;
};

/// The longest old path remembered (and looked up).
inline constexpr std::size_t kMaxRedirectPath = 1024;

/// A comment whose parent was not imported when it was.
struct PendingParent {
    domain::CommentId id = 0;
    std::string parent_source_id;
};

class ImportStore {
public:
    virtual ~ImportStore() = default;

    /// Remembers each thread's page under `source`; a thread remembered before keeps its page.
    /// Returns how many were new.
    virtual Result<std::int64_t> remember_threads(std::string_view source, const std::vector<ImportedThread>& threads) = 0;

    /// The page of each thread id (nullopt when never remembered), in the order asked.
    virtual Result<std::vector<std::optional<std::string>>> thread_pages(std::string_view source,
                                                                         const std::vector<std::string>& ids) = 0;

    /// The local id of each comment imported from `source` under these source ids (nullopt when
    /// not imported), in the order asked. Reads only: what a dry run checks.
    virtual Result<std::vector<std::optional<domain::CommentId>>> imported_comments(
        std::string_view source, const std::vector<std::string>& ids) = 0;

    /// Adds the comments not imported from `source` before, in order, in one transaction. A reply
    /// goes under its parent's top-level comment (threads here are two levels deep) when the
    /// parent is already imported on the same page; otherwise it is top level and pending. Approved
    /// ones add to their page's count and their top-level comment's reply count, as posts do.
    virtual Result<std::vector<ImportedCommentResult>> add_imported_comments(
        std::string_view source, const std::vector<ImportedComment>& comments) = 0;

    /// Up to `limit` pending comments of `source` with an id above `after`, in id order.
    virtual Result<std::vector<PendingParent>> pending_parents(std::string_view source, domain::CommentId after,
                                                               int limit) = 0;

    /// Settles pending comment `id`: under the top-level comment of its parent when that parent is
    /// now imported on the same page (with the replies it had gathered meanwhile), else it stays
    /// top level. Either way it is no longer pending; the top-level comment counts what moved.
    /// Returns whether it found its parent.
    virtual Result<bool> settle_parent(std::string_view source, const PendingParent& pending) = 0;

    /// Remembers an article or author (`kind` "article" or "author") imported from `source` under
    /// `source_id`; one remembered before keeps what it had, except that a local id still 0 (an
    /// article's page remembered before the article was made) takes the one given. Returns whether
    /// it was new or its local id was filled in.
    virtual Result<bool> remember_item(std::string_view source, std::string_view kind, std::string_view source_id,
                                       const RememberedItem& item) = 0;

    /// What remember_item kept, or nullopt.
    virtual Result<std::optional<RememberedItem>> remembered_item(std::string_view source, std::string_view kind,
                                                                  std::string_view source_id) = 0;

    /// Paths are kept and looked up with their percent-escapes in upper case ("%c3%a9" and
    /// "%C3%A9" are the same path).
    /// Adds the redirect unless its path redirects already (the first one stays). Errors:
    /// kInvalid for a path that is empty, "/", not starting with '/' or longer than kMaxRedirectPath.
    virtual Result<bool> add_path_redirect(const PathRedirect& redirect) = 0;

    /// The page key `path` redirects to, or nullopt. Reads only.
    virtual Result<std::optional<std::string>> path_redirect(std::string_view path) = 0;

    /// The email kept with comment `id` ("" when none was; an imported comment's, in the form
    /// the import gave it), for a privacy request that names the comment. Reads only. Errors:
    /// kNotFound.
    virtual Result<std::string> kept_email(domain::CommentId id) = 0;
};

}  // namespace tribune::store
