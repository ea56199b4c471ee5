#include "domain/policy.hpp"

#include "domain/comment_text.hpp"
#include "domain/content_filter.hpp"

namespace tribune::domain {
namespace {

Error not_found() { return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment"); }

}  // namespace

bool is_author(const Viewer& viewer, const Comment& c) {
    if (viewer.user_id && c.author.user_id && *viewer.user_id == *c.author.user_id) return true;
    return !viewer.author_token_hash.empty() && viewer.author_token_hash == c.author_token_hash;
}

bool in_thread_view(const Viewer& viewer, const Comment& c) {
    if (c.status == CommentStatus::kDeleted) return !c.parent_id && c.reply_count > 0;
    Viewer reader = viewer;
    reader.role = Role::kReader;
    return can_see(reader, c);
}

bool can_see(const Viewer& viewer, const Comment& c) {
    if (c.status == CommentStatus::kApproved || c.status == CommentStatus::kDeleted) return true;
    if (viewer.is_staff()) return true;
    return c.status == CommentStatus::kPending && is_author(viewer, c);
}

// Anyone signed in to an account (staff, or a reader) posts under its one name; everyone else
// (anonymous readers, the admin token) gives one.
static bool posts_under_account(const Viewer& viewer) { return viewer.user_id.has_value(); }

Result<ValidDraft> validate_draft(const CommentDraft& draft, const Viewer& viewer, const Limits& limits) {
    auto page = validate_page_key(draft.page, limits);
    if (!page) return page.error();
    auto text = validate_comment_text(draft.text, limits);
    if (!text) return text.error();
    ValidDraft out;
    out.page = std::move(*page);
    out.text = std::move(*text);
    out.parent_id = draft.parent_id;
    if (!posts_under_account(viewer)) {
        auto name = validate_author_name(draft.author_name.value_or(""), limits);
        if (!name) return name.error();
        out.author_name = std::move(*name);
    }
    return out;
}

Result<NewComment> admit(const CommentDraft& draft, const Viewer& viewer, const std::optional<Comment>& parent,
                         Time now, const Screening& screening, const Limits& limits) {
    auto valid = validate_draft(draft, viewer, limits);
    if (!valid) return valid.error();
    return admit(*valid, viewer, parent, now, screening);
}

Result<NewComment> admit(const ValidDraft& draft, const Viewer& viewer, const std::optional<Comment>& parent,
                         Time now, const Screening& screening) {
    NewComment out;
    out.author.name = posts_under_account(viewer) ? (viewer.name.empty() ? std::string(kNoName) : viewer.name)
                                                  : draft.author_name;
    if (draft.parent_id) {
        if (!parent || parent->page != draft.page || !can_see(viewer, *parent) ||
            parent->status == CommentStatus::kDeleted)
            return make_error(ErrorCode::kNotFound, "Parent comment not found",
                              "parent_id names no comment on this page",
                              {FieldError{"parent_id", "no such comment on this page"}});
        out.parent_id = parent->parent_id ? parent->parent_id : std::optional<CommentId>{parent->id};
    }
    out.page = draft.page;
    out.text = draft.text;
    out.author.role = comment_role(viewer.role);
    out.author.user_id = viewer.user_id;
    out.author.badge = viewer.badge;
    out.author.verified = viewer.verified;
    out.author_token_hash = viewer.author_token_hash;
    out.created_at = now;
    if (viewer.is_staff()) {
        out.status = CommentStatus::kApproved;
    } else {
        Admission a = decide(out.text, screening);
        out.status = a.status;
        out.filter_reason = std::move(a.reason);
    }
    return out;
}

Admission decide(std::string_view text, const Screening& screening) {
    if (!screening.hold_reason.empty()) return {CommentStatus::kPending, screening.hold_reason};
    switch (screening.mode) {
        case ModerationMode::kPreModerate: return {CommentStatus::kPending, {}};
        case ModerationMode::kPreModerateFirstTime:
            if (screening.author_has_approved) return {CommentStatus::kApproved, {}};
            return {CommentStatus::kPending, {}};
        case ModerationMode::kPreModerateLinks:
            if (count_links(text) > 0) return {CommentStatus::kPending, "contains a link"};
            return {CommentStatus::kApproved, {}};
        case ModerationMode::kPostModerate: return {CommentStatus::kApproved, {}};
    }
    return {CommentStatus::kPending, {}};
}

std::optional<std::string> edit_hold_reason(std::string_view new_text, const Screening& screening) {
    Admission a = decide(new_text, screening);
    if (a.status == CommentStatus::kApproved) return std::nullopt;
    return a.reason.empty() ? std::string("edited; the thread is pre-moderated") : "edited; " + a.reason;
}

Result<void> check_edit(const Viewer& viewer, const Comment& c, Time now, const Limits& limits) {
    if (!can_see(viewer, c)) return not_found();
    if (c.status == CommentStatus::kDeleted)
        return make_error(ErrorCode::kConflict, "Comment is deleted", "a deleted comment cannot be edited");
    if (viewer.is_staff()) return {};
    if (!is_author(viewer, c))
        return make_error(ErrorCode::kForbidden, "Not your comment", "only the author or a moderator may edit it");
    if (now - c.created_at > limits.edit_window)
        return make_error(ErrorCode::kConflict, "Edit window has passed",
                          "comments can be edited for " + std::to_string(limits.edit_window.count() / 60) +
                              " minutes after posting");
    return {};
}

Result<void> check_delete(const Viewer& viewer, const Comment& c) {
    if (!can_see(viewer, c)) return not_found();
    if (c.status == CommentStatus::kDeleted)
        return make_error(ErrorCode::kConflict, "Comment is deleted", "the comment is already deleted");
    if (viewer.is_staff() || is_author(viewer, c)) return {};
    return make_error(ErrorCode::kForbidden, "Not your comment", "only the author or a moderator may delete it");
}

}  // namespace tribune::domain
