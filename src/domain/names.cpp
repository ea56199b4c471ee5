// String forms of the domain's enums and small value formats.
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/role.hpp"

#include <cstdio>

namespace tribune::domain {

std::optional<Role> parse_role(std::string_view s) {
    if (s == "reader") return Role::kReader;
    if (s == "moderator") return Role::kModerator;
    if (s == "admin") return Role::kAdmin;
    return std::nullopt;
}

std::optional<CommentStatus> parse_status(std::string_view s) {
    if (s == "pending") return CommentStatus::kPending;
    if (s == "approved") return CommentStatus::kApproved;
    if (s == "rejected") return CommentStatus::kRejected;
    if (s == "spam") return CommentStatus::kSpam;
    if (s == "deleted") return CommentStatus::kDeleted;
    return std::nullopt;
}

std::string format_duration(std::int32_t seconds) {
    if (seconds < 0) seconds = 0;
    char buf[24];
    const int h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", h, m, s);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", m, s);
    return buf;
}

}  // namespace tribune::domain
