#pragma once
// The values of the privacy role: a commenter's stored data, and what erasing them changed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/account.hpp"
#include "domain/moderation.hpp"
#include "store/comment_types.hpp"
#include "store/notification_types.hpp"

namespace tribune::store {

/// Everything stored about one commenter (privacy export).
struct AuthorData {
    std::optional<domain::User> user;
    /// The identities other systems vouch for that are linked to their account: (provider,
    /// subject), provider order.
    std::vector<std::pair<std::string, std::string>> identities;
    std::vector<CommentRecord> comments;       // id order, with edit history
    std::vector<domain::Report> reports_filed;  // reports whose reporter is this author
    std::vector<domain::Ban> bans;              // bans on the author's account or token
    /// Mail kept under their addresses (the key's email, their account's, the ones kept with
    /// their comments): each address's state, the threads they stopped, the mail made for them.
    AuthorMail mail;
};

/// What the audit log names as the actor of entries made by an account since erased.
inline constexpr std::string_view kErasedActor = "erased account";

/// What erasing a commenter changed.
struct EraseSummary {
    std::int64_t comments = 0;       // comments made tombstones (or already deleted and scrubbed)
    std::int64_t reports = 0;        // reports they filed, removed
    std::int64_t audit_entries = 0;  // audit entries whose before/after text was scrubbed
    bool user_removed = false;
};

}  // namespace tribune::store
