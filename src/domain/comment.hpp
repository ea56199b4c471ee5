#pragma once
// A comment in a thread. Threads are two levels deep: top-level comments and their replies.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/role.hpp"
#include "domain/time.hpp"

namespace tribune::domain {

using CommentId = std::int64_t;

enum class CommentStatus { kPending, kApproved, kRejected, kSpam, kDeleted };

constexpr std::string_view to_string(CommentStatus s) {
    switch (s) {
        case CommentStatus::kPending: return "pending";
        case CommentStatus::kApproved: return "approved";
        case CommentStatus::kRejected: return "rejected";
        case CommentStatus::kSpam: return "spam";
        case CommentStatus::kDeleted: return "deleted";
    }
    return "pending";
}

std::optional<CommentStatus> parse_status(std::string_view s);

/// Who wrote a comment, as shown. `user_id` is set for logged-in accounts (staff badge source).
struct Author {
    std::string name;  // never empty once admitted: blank becomes "No Name"
    Role role = Role::kReader;
    std::optional<std::int64_t> user_id;
    std::string badge;      // the account's SSO badge when the comment was written ("" for none)
    bool verified = false;  // the account's email was verified when the comment was written
};

/// A stored comment. `author_token_hash` identifies an anonymous author (hash of the token,
/// never the token). `reply_count` counts approved replies.
struct Comment {
    CommentId id = 0;
    std::string page;
    std::optional<CommentId> parent_id;
    Author author;
    std::string author_token_hash;
    std::string text;
    CommentStatus status = CommentStatus::kPending;
    Time created_at{};
    std::optional<Time> edited_at;
    std::int64_t reply_count = 0;
    std::string ip_hash;         // salted hash of the poster's IP (bans); never the IP itself
    std::string filter_reason;   // why a filter or policy held it for review; empty otherwise
    bool featured = false;       // picked by a moderator: shown with a "Featured" mark
    std::int64_t open_reports = 0;  // readers' reports not yet reviewed by a moderator
};

/// The version of a comment's text: it changes with every edit ("0" until the first). A
/// moderator's action may name the version it saw, and is refused when the text changed since.
inline std::string text_version(const Comment& c) {
    return c.edited_at ? std::to_string(to_micros(*c.edited_at)) : std::string("0");
}

/// A comment admitted by the domain and ready to store (id and counts assigned by the store).
struct NewComment {
    std::string page;
    std::optional<CommentId> parent_id;
    Author author;
    std::string author_token_hash;
    std::string text;
    CommentStatus status = CommentStatus::kPending;
    Time created_at{};
    std::string ip_hash;
    std::string filter_reason;
    std::string author_email;  // canonical (domain::canonical_email), "" for none; never shown but to staff
    int notify = 0;            // what the poster asked to be mailed (store::kNotifyReplies | kNotifyApproval)
};

/// One earlier text of an edited comment.
struct CommentEdit {
    std::string text;      // the text before the edit
    Time replaced_at{};    // when it was replaced
    std::string edited_by; // "author" or the staff member's name
};

/// The text shown in place of a deleted comment that still has replies.
inline constexpr std::string_view kTombstoneText = "This comment was deleted";
inline constexpr std::string_view kNoName = "No Name";

}  // namespace tribune::domain
