#pragma once

#include <optional>
#include <string_view>

namespace tribune::domain {

/// What a person may do. Readers comment; authors write articles (their own drafts); editors
/// edit and publish every article; moderators run the comment desk; admins do everything.
/// Staff (moderator, admin) carry the "Moderator" badge on their comments; authors and editors
/// comment as readers do.
enum class Role { kReader, kAuthor, kEditor, kModerator, kAdmin };

constexpr std::string_view to_string(Role r) {
    switch (r) {
        case Role::kReader: return "reader";
        case Role::kAuthor: return "author";
        case Role::kEditor: return "editor";
        case Role::kModerator: return "moderator";
        case Role::kAdmin: return "admin";
    }
    return "reader";
}

std::optional<Role> parse_role(std::string_view s);

/// The comment desk: moderators and admins.
constexpr bool is_staff(Role r) { return r == Role::kModerator || r == Role::kAdmin; }

/// Writes articles at all (their own, for authors).
constexpr bool writes_articles(Role r) { return r == Role::kAuthor || r == Role::kEditor || r == Role::kAdmin; }

/// Edits and publishes every article, and manages sections, tags and author profiles.
constexpr bool edits_articles(Role r) { return r == Role::kEditor || r == Role::kAdmin; }

/// The role a comment's author is shown with: staff keep theirs, everyone else is a reader.
constexpr Role comment_role(Role r) { return is_staff(r) ? r : Role::kReader; }

}  // namespace tribune::domain
