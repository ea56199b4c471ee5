#pragma once
// What the moderation desk keeps besides comments: reports, bans, the audit log, per-thread
// policies, and the identity of a commenter for history, export and erasure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/comment.hpp"
#include "domain/time.hpp"

namespace tribune::domain {

/// How new comments from readers start. Staff comments are always approved at once.
/// kPreModerateFirstTime holds a commenter's comments until one of theirs was approved;
/// kPreModerateLinks holds comments that contain a link.
enum class ModerationMode { kPreModerate, kPreModerateFirstTime, kPreModerateLinks, kPostModerate };

constexpr std::string_view to_string(ModerationMode m) {
    switch (m) {
        case ModerationMode::kPreModerate: return "pre";
        case ModerationMode::kPreModerateFirstTime: return "pre-first-time";
        case ModerationMode::kPreModerateLinks: return "pre-links";
        case ModerationMode::kPostModerate: return "post";
    }
    return "pre";
}

/// "pre", "pre-first-time", "pre-links", "post".
std::optional<ModerationMode> parse_moderation_mode(std::string_view s);

/// Who wrote a comment, for history, duplicates, bans, export and erasure: the account when the
/// author was logged in, else the author token's hash, else (for a privacy request about imported
/// comments, which have neither) the email kept with them, in canonical_email's form. At most one
/// is set. An email key files no reports and has no bans.
struct AuthorKey {
    std::optional<UserId> user_id;
    std::string token_hash;
    std::string email;

    bool empty() const { return !user_id && token_hash.empty() && email.empty(); }
    bool operator==(const AuthorKey&) const = default;
};

/// The key of the author of `c` (empty for a comment with neither, e.g. an erased one).
AuthorKey author_key_of(const Comment& c);

/// A commenter's record, shown to moderators next to each queued comment.
struct AuthorStats {
    std::int64_t approved = 0;
    std::int64_t pending = 0;
    std::int64_t rejected = 0;
    std::int64_t spam = 0;
    std::int64_t deleted = 0;
    bool operator==(const AuthorStats&) const = default;
};

/// A reader's flag on a comment. `reporter` identifies who filed it ("u:<id>", "t:<token hash>"
/// or "ip:<salted hash>"); one report per reporter per comment.
struct Report {
    std::int64_t id = 0;
    CommentId comment_id = 0;
    std::string reason;
    std::string reporter;
    Time created_at{};
    bool resolved = false;  // a moderator reviewed the comment since
};

/// What a ban matches: an account, an author token (its hash), or a salted hash of an IP.
enum class BanKind { kUser, kToken, kIp };

constexpr std::string_view to_string(BanKind k) {
    switch (k) {
        case BanKind::kUser: return "user";
        case BanKind::kToken: return "token";
        case BanKind::kIp: return "ip";
    }
    return "user";
}

std::optional<BanKind> parse_ban_kind(std::string_view s);

/// One banned identifier; several bans (account, token, IP) usually come from one decision.
struct Ban {
    std::int64_t id = 0;
    BanKind kind = BanKind::kToken;
    std::string value;       // user id in decimal, token hash, or salted IP hash
    std::string reason;
    std::string created_by;  // the moderator's name
    Time created_at{};
    std::optional<Time> expires_at;  // nullopt: for good
    bool lifted = false;

    bool active_at(Time now) const { return !lifted && (!expires_at || now < *expires_at); }
};

/// One line of the audit log: who did what to which target, when, and the state before and
/// after (JSON text, "{}" when there is none). Entries are never changed, except that erasing a
/// commenter's data scrubs their text from `before` and `after`.
struct AuditEntry {
    std::int64_t id = 0;
    Time at{};
    std::optional<UserId> actor_user_id;  // nullopt for the admin token and the command line
    std::string actor;                    // name shown: account name, "admin token", "cli"
    std::string action;                   // "comment.approve", "ban.create", "user.create"...
    std::string target;                   // "comment:12", "user:3", "ban:7", "page:/articles/x"
    std::string before = "{}";
    std::string after = "{}";
};

/// The install-wide moderation policy: configuration defaults, overridden from the desk.
struct InstallPolicy {
    ModerationMode moderation = ModerationMode::kPreModerate;
    std::optional<int> auto_close_days;  // nullopt: threads never close by age
    int report_threshold = 3;            // open reports that put a comment in the Reported queue
    bool hide_reported = false;          // hide (make pending) a comment that reaches the threshold
    std::vector<std::string> banned_words;
    int max_links = 2;                   // links per comment before it is held; <0: no limit
    bool signin_required = false;        // only signed-in readers may comment (threads may override)
    bool signin_after_rejection = false; // an anonymous reader with a rejected comment must sign in
    bool operator==(const InstallPolicy&) const = default;
};

/// Per-thread overrides of the install policy. Unset fields follow the install.
struct ThreadPolicy {
    std::string page;
    std::optional<ModerationMode> moderation;
    bool closed = false;                  // no new comments
    std::optional<int> auto_close_days;   // closes this many days after the thread opened
    std::optional<bool> signin_required;  // nullopt: as the install says
    bool operator==(const ThreadPolicy&) const = default;
};

}  // namespace tribune::domain
