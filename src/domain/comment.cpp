#include "domain/comment.hpp"

namespace tribune::domain {

std::optional<CommentStatus> parse_status(std::string_view s) {
    if (s == "pending") return CommentStatus::kPending;
    if (s == "approved") return CommentStatus::kApproved;
    if (s == "rejected") return CommentStatus::kRejected;
    if (s == "spam") return CommentStatus::kSpam;
    if (s == "deleted") return CommentStatus::kDeleted;
    return std::nullopt;
}

}  // namespace tribune::domain
