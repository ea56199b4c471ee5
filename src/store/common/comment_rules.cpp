#include "store/common/comment_rules.hpp"

#include <limits>

#include "store/common/store_errors.hpp"

namespace tribune::store {

using domain::CommentStatus;

Filter filter_of(StatusFilter f) {
    switch (f) {
        case StatusFilter::kDefault: return {Visibility::kDefault, {}};
        case StatusFilter::kPending: return {Visibility::kOneStatus, "pending"};
        case StatusFilter::kRejected: return {Visibility::kOneStatus, "rejected"};
        case StatusFilter::kSpam: return {Visibility::kOneStatus, "spam"};
        case StatusFilter::kAll: return {Visibility::kAll, {}};
    }
    return {Visibility::kDefault, {}};
}

std::int64_t start_id(const ListQuery& q) {
    if (q.after_id) return *q.after_id;
    return q.order == domain::SortOrder::kNewest ? std::numeric_limits<std::int64_t>::max() : 0;
}

domain::Comment stored_comment(const domain::NewComment& c, domain::CommentId id) {
    domain::Comment stored;
    stored.id = id;
    stored.page = c.page;
    stored.parent_id = c.parent_id;
    stored.author = c.author;
    stored.author_token_hash = c.author_token_hash;
    stored.text = c.text;
    stored.status = c.status;
    stored.created_at = c.created_at;
    stored.ip_hash = c.ip_hash;
    stored.filter_reason = c.filter_reason;
    return stored;
}

domain::Result<void> check_editable(const domain::Comment& current) {
    if (current.status == CommentStatus::kDeleted) return deleted_cannot_be_edited();
    return {};
}

domain::Result<bool> check_status_change(const domain::Comment& current, CommentStatus to,
                                         const std::optional<std::string>& seen_version) {
    if (to == CommentStatus::kDeleted) return deleting_is_separate();
    if (current.status == CommentStatus::kDeleted) return deleted_cannot_be_moderated();
    if (seen_version && *seen_version != domain::text_version(current))
        return domain::make_error(domain::ErrorCode::kConflict, "The comment changed",
                                  "its text was edited since you saw it; look at it again");
    return current.status != to;
}

std::optional<HeldEdit> held_edit(const domain::Comment& current, const std::optional<std::string>& hold_reason) {
    if (!hold_reason) return std::nullopt;
    if (current.status != CommentStatus::kApproved && current.status != CommentStatus::kPending) return std::nullopt;
    return HeldEdit{CommentStatus::kPending, *hold_reason};
}

std::int64_t approved_delta(CommentStatus from, CommentStatus to) {
    const bool was = from == CommentStatus::kApproved;
    const bool is = to == CommentStatus::kApproved;
    if (was == is) return 0;
    return is ? +1 : -1;
}

void make_tombstone(domain::Comment& c) {
    c.status = CommentStatus::kDeleted;
    c.text.clear();
    c.author.name.clear();
    c.author.badge.clear();
    c.author.verified = false;
}

}  // namespace tribune::store
