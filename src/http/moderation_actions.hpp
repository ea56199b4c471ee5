#pragma once
// What moderators and admins do at the desk, shared by the JSON API (handlers/moderation_api.cpp)
// and the desk's HTML forms (handlers/desk_pages.cpp). Every action checks the role, writes
// through the store, appends an audit entry with the state before and after, and reports the
// change to caches and live subscribers. Readers' reports live here too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "http/identity.hpp"
#include "http/services.hpp"
#include "store/store.hpp"

namespace tribune::http {

/// Appends an audit entry for something `who` did to `target` ("comment:12", "user:3"...), with
/// the states before and after as JSON text.
domain::Result<void> record_audit(Services& s, const Identity& who, std::string action, std::string target,
                                  std::string before, std::string after);

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
domain::Result<QueueView> load_queue(Services& s, const Identity& who, const QueueRequest& q);

/// One comment with its context. Staff only.
domain::Result<QueueItem> load_item(Services& s, const Identity& who, domain::CommentId id);

/// "approve", "reject", "spam", "feature", "unfeature". Approving, rejecting or marking spam also
/// resolves open reports. With `seen_version` (domain::text_version of what the moderator saw),
/// approve, reject and spam apply only while the text is that version. Errors:
/// kUnauthenticated, kForbidden (not staff), kInvalid (unknown action), kNotFound, kConflict
/// (deleted, or edited since it was seen).
domain::Result<domain::Comment> moderate_comment(Services& s, domain::CommentId id, std::string_view action,
                                                 const Identity& who,
                                                 const std::optional<std::string>& seen_version = std::nullopt);

/// The same action on many comments (at most 200). Each id is done or reported failed.
/// Who may moderate: staff. Errors: kUnauthenticated without credentials, kForbidden otherwise.
domain::Result<void> require_staff(const Identity& who);

/// Who may change the installation: admins. Errors as require_staff().
domain::Result<void> require_admin(const Identity& who);

struct BulkOutcome {
    std::vector<domain::Comment> done;
    std::vector<std::pair<domain::CommentId, domain::Error>> failed;
};
domain::Result<BulkOutcome> bulk_moderate(Services& s, const std::vector<domain::CommentId>& ids,
                                          std::string_view action, const Identity& who);

/// Bans the author of comment `id`: their account (if any), their author token and the salted
/// hash of the IP the comment came from; for `duration_days` days, or for good when nullopt.
/// The comment itself is marked spam. Errors: as moderate_comment; kInvalid for a
/// comment with no author left to ban (erased), or a staff author.
domain::Result<std::vector<domain::Ban>> ban_author(Services& s, domain::CommentId id,
                                                    std::optional<int> duration_days, std::string_view reason,
                                                    const Identity& who);

domain::Result<std::vector<domain::Ban>> list_bans(Services& s, const Identity& who);
domain::Result<domain::Ban> lift_ban(Services& s, std::int64_t ban_id, const Identity& who);

/// A reader's report. Errors: kNotFound (cannot see it), kConflict (already reported by this
/// reader), kInvalid (reason missing or over 500 characters), kRateLimited.
domain::Result<store::ReportOutcome> report_comment(Services& s, domain::CommentId id, std::string_view reason,
                                                    const Identity& who);

/// Audit entries newest first (admins only). Errors: kForbidden for moderators.
domain::Result<std::vector<domain::AuditEntry>> list_audit(Services& s, const Identity& who,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target);

/// The install policy as stored (settings), falling back to configuration.
using InstallPolicy = domain::InstallPolicy;

/// The policy in force for one thread: the install's, with the thread's overrides applied, and
/// whether the thread is closed now (closed by hand, or older than auto-close days).
struct EffectivePolicy {
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    bool closed = false;
    std::string closed_reason;  // "Comments are closed." / "Comments closed 30 days after publication."
};

domain::Result<InstallPolicy> install_policy(Services& s);
domain::Result<InstallPolicy> set_install_policy(Services& s, const InstallPolicy& p, const Identity& who);  // admin
domain::Result<domain::ThreadPolicy> thread_policy(Services& s, const std::string& page);
domain::Result<domain::ThreadPolicy> set_thread_policy(Services& s, const domain::ThreadPolicy& p,
                                                       const Identity& who);  // staff
domain::Result<EffectivePolicy> effective_policy(Services& s, const std::string& page);

/// Accounts (admins only). Password rules: 10..1024 bytes.
domain::Result<std::vector<domain::User>> list_users(Services& s, const Identity& who);
domain::Result<domain::User> create_user(Services& s, std::string_view email, std::string_view name,
                                         domain::Role role, std::string_view password, const Identity& who);
/// Changes role and/or disabled (ending the user's sessions when disabled or demoted).
domain::Result<domain::User> update_user(Services& s, domain::UserId id, std::optional<domain::Role> role,
                                         std::optional<bool> disabled, const Identity& who);

/// Privacy (admins only): everything stored about the author of comment `id` (or account
/// `user_id`) as a JSON document, and its erasure.
struct AuthorRef {
    std::optional<domain::CommentId> comment_id;
    std::optional<domain::UserId> user_id;
};
domain::Result<std::string> export_author(Services& s, const AuthorRef& ref, const Identity& who);
domain::Result<store::EraseSummary> erase_author(Services& s, const AuthorRef& ref, const Identity& who);

}  // namespace tribune::http
