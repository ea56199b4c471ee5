#include "http/comment_actions.hpp"

#include "domain/comment_text.hpp"
#include "http/author_token.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::make_error;

domain::Error needs_credentials() {
    return make_error(ErrorCode::kUnauthenticated, "Authentication required",
                      "send the author token or a moderator's credentials");
}

// Without any credentials the answer is 401; with some that don't fit, the rule's own error.
domain::Error refine(domain::Error e, const Identity& who) {
    if (!who.credentials && (e.code == ErrorCode::kForbidden)) return needs_credentials();
    return e;
}

}  // namespace

domain::Result<PostedComment> post_comment(Services& s, const domain::CommentDraft& draft, const Identity& who) {
    PostedComment out;
    domain::Viewer viewer = who.viewer;
    if (!viewer.is_staff()) {
        out.author_token = who.author_token.empty() ? new_author_token() : who.author_token;
        out.token_is_new = who.author_token.empty();
        viewer.author_token_hash = hash_author_token(out.author_token);
    }
    std::optional<domain::Comment> parent;
    if (draft.parent_id) {
        auto found = s.store.get_comment(*draft.parent_id);
        if (found) parent = std::move(*found);
        else if (found.error().code != ErrorCode::kNotFound) return found.error();
    }
    auto admitted = domain::admit(draft, viewer, parent, s.clock.now(), domain::Screening{s.config.moderation, false, {}}, s.config.limits);
    if (!admitted) return admitted.error();
    auto stored = s.store.insert_comment(*admitted);  // committed before we answer
    if (!stored) return stored.error();
    out.comment = std::move(*stored);
    s.changed(CommentChange::kCreated, out.comment);
    return out;
}

domain::Result<domain::Comment> visible_comment(Services& s, domain::CommentId id, const domain::Viewer& viewer) {
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    if (!domain::can_see(viewer, *found) ||
        (found->status == domain::CommentStatus::kDeleted && !viewer.is_staff() && found->reply_count == 0))
        return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment");
    return found;
}

domain::Result<domain::Comment> edit_comment(Services& s, domain::CommentId id, std::string_view text,
                                             const Identity& who) {
    if (!who.credentials) return needs_credentials();
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    const auto now = s.clock.now();
    if (auto allowed = domain::check_edit(who.viewer, *found, now, s.config.limits); !allowed)
        return refine(allowed.error(), who);
    auto clean = domain::validate_comment_text(text, s.config.limits);
    if (!clean) return clean.error();
    if (*clean == found->text) return found;  // nothing changed: no history entry, no event
    const std::string by = who.viewer.is_staff() ? (who.viewer.name.empty() ? "moderator" : who.viewer.name) : "author";
    auto edited = s.store.edit_comment(id, *clean, now, by);
    if (!edited) return edited.error();
    s.changed(CommentChange::kUpdated, *edited);
    return edited;
}

domain::Result<domain::Comment> delete_comment(Services& s, domain::CommentId id, const Identity& who) {
    if (!who.credentials) return needs_credentials();
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    if (auto allowed = domain::check_delete(who.viewer, *found); !allowed) return refine(allowed.error(), who);
    auto deleted = s.store.delete_comment(id);
    if (!deleted) return deleted.error();
    s.changed(CommentChange::kDeleted, *deleted);
    return deleted;
}

domain::Result<domain::Comment> moderate_comment(Services& s, domain::CommentId id, std::string_view action,
                                                 const Identity& who) {
    if (!who.viewer.is_staff()) {
        if (!who.credentials) return needs_credentials();
        return make_error(ErrorCode::kForbidden, "Moderators only", "only moderators and admins may moderate");
    }
    domain::CommentStatus to;
    if (action == "approve") to = domain::CommentStatus::kApproved;
    else if (action == "reject") to = domain::CommentStatus::kRejected;
    else if (action == "spam") to = domain::CommentStatus::kSpam;
    else
        return make_error(ErrorCode::kInvalid, "Unknown moderation action",
                          "action must be approve, reject or spam",
                          {domain::FieldError{"action", "must be approve, reject or spam"}});
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    if (found->status == domain::CommentStatus::kDeleted)
        return make_error(ErrorCode::kConflict, "Comment is deleted", "a deleted comment cannot be moderated");
    if (found->status == to) return found;
    auto moved = s.store.set_status(id, to);
    if (!moved) return moved.error();
    s.changed(CommentChange::kUpdated, *moved);
    return moved;
}

}  // namespace tribune::http
