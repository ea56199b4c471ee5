#include "service/comments.hpp"

#include <algorithm>
#include "domain/comment_text.hpp"
#include "domain/content_filter.hpp"
#include "service/audit.hpp"
#include "service/author_token.hpp"
#include "service/policies.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

namespace {

domain::Error needs_credentials() {
    return make_error(ErrorCode::kUnauthenticated, "Authentication required",
                      "send the author token or a moderator's credentials");
}

// Without any credentials the answer is 401; with some that don't fit, the rule's own error.
domain::Error refine(domain::Error e, const Actor& who) {
    if (!who.credentials && (e.code == ErrorCode::kForbidden)) return needs_credentials();
    return e;
}

// Closed threads and bans refuse the post; filters and the thread's policy decide how it starts.
// `replaced_text`: an edit's old text, which is no duplicate of the new one. `new_author`: the
// author token was issued with this very post, so the author has no history to look up.
domain::Result<domain::Screening> screen(Context& ctx, std::string_view text, const domain::Viewer& viewer,
                                         const std::string& page, const std::string& ip_hash,
                                         std::string_view replaced_text = {}, bool new_author = false) {
    domain::Screening out;
    if (viewer.is_staff()) return out;  // staff comments are approved whatever the policy
    auto policy = effective_policy(ctx, page);
    if (!policy) return policy.error();
    if (policy->closed) return make_error(ErrorCode::kConflict, "Comments are closed", policy->closed_reason);
    // Staff and the admin token (no account) are never asked to sign in.
    if (!viewer.user_id && !viewer.is_staff() && policy->signin_required)
        return make_error(ErrorCode::kUnauthenticated, "Sign in to comment", "this discussion is for signed-in readers");
    if (!viewer.user_id && !viewer.is_staff() && policy->signin_after_rejection && !viewer.author_token_hash.empty() && !new_author) {
        domain::AuthorKey anonymous;
        anonymous.token_hash = viewer.author_token_hash;
        auto stats = ctx.store.author_stats(anonymous);
        if (!stats) return stats.error();
        if (stats->rejected + stats->spam > 0)
            return make_error(ErrorCode::kUnauthenticated, "Sign in to comment",
                              "a comment of yours was rejected: sign in to comment again");
    }
    std::vector<std::pair<domain::BanKind, std::string>> keys{{domain::BanKind::kIp, ip_hash}};
    if (viewer.user_id) keys.emplace_back(domain::BanKind::kUser, std::to_string(*viewer.user_id));
    if (!viewer.author_token_hash.empty()) keys.emplace_back(domain::BanKind::kToken, viewer.author_token_hash);
    auto ban = ctx.store.find_active_ban(keys, ctx.clock.now());
    if (!ban) return ban.error();
    if (*ban) {
        std::string detail = "you may not comment here";
        if ((*ban)->expires_at) detail += " until " + domain::format_rfc3339(*(*ban)->expires_at);
        return make_error(ErrorCode::kForbidden, "You are banned from commenting", detail);
    }
    auto install = install_policy(ctx);
    if (!install) return install.error();
    out.mode = policy->moderation;
    domain::FilterRules rules;
    rules.banned_words = install->banned_words;
    rules.max_links = install->max_links;
    out.hold_reason = domain::screen_text(text, rules);
    domain::AuthorKey author;
    if (viewer.user_id) author.user_id = viewer.user_id;
    else author.token_hash = viewer.author_token_hash;
    if (out.hold_reason.empty() && !author.empty() && !new_author) {
        auto recent = ctx.store.recent_texts(author, ctx.clock.now() - std::chrono::hours(24), 20);
        if (!recent) return recent.error();
        if (auto own = std::find(recent->begin(), recent->end(), replaced_text);
            !replaced_text.empty() && own != recent->end())
            recent->erase(own);
        if (domain::is_duplicate(text, *recent)) out.hold_reason = "duplicate of a recent comment by the same author";
    }
    if (out.mode == domain::ModerationMode::kPreModerateFirstTime && !author.empty() && !new_author) {
        auto stats = ctx.store.author_stats(author);
        if (!stats) return stats.error();
        out.author_has_approved = stats->approved > 0;
    }
    return out;
}

// Per address and per author token buckets. The admin token (automation) never gets here.
domain::Result<void> take_post_tokens(Context& ctx, const domain::Viewer& viewer, const std::string& ip_hash) {
    const auto now = std::chrono::steady_clock::now();
    auto wait = ctx.guards.posts_per_ip.take(ip_hash, now);
    if (!wait) {
        const std::string author = viewer.user_id ? "u:" + std::to_string(*viewer.user_id) : "t:" + viewer.author_token_hash;
        wait = ctx.guards.posts_per_author.take(author, now);
    }
    if (!wait) return {};
    auto e = make_error(ErrorCode::kRateLimited, "You are commenting too fast",
                        "wait " + std::to_string(wait->count()) + " seconds before posting again");
    e.retry_after_seconds = static_cast<int>(wait->count());
    return e;
}

}  // namespace

domain::Result<PostedComment> post_comment(Context& ctx, const domain::CommentDraft& draft, const Actor& who,
                                           const MailRequest& mail) {
    PostedComment out;
    domain::Viewer viewer = who.viewer;
    if (!viewer.is_staff() && !viewer.user_id) {
        out.author_token = who.author_token.empty() ? new_author_token() : who.author_token;
        out.token_is_new = who.author_token.empty();
        viewer.author_token_hash = hash_author_token(out.author_token);
    }
    auto valid = domain::validate_draft(draft, viewer, ctx.rules.limits);
    if (!valid) return valid.error();
    const std::string ip_hash = ctx.guards.hash_ip(who.client_ip);
    // Tokens first: a flood is refused before it costs the store any screening work.
    if (!viewer.is_staff()) {
        if (auto limited = take_post_tokens(ctx, viewer, ip_hash); !limited) return limited.error();
    }
    auto screening = screen(ctx, valid->text, viewer, valid->page, ip_hash, {}, out.token_is_new);
    if (!screening) return screening.error();
    std::optional<domain::Comment> parent;
    if (valid->parent_id) {
        auto found = ctx.store.get_comment(*valid->parent_id);
        if (found) parent = std::move(*found);
        else if (found.error().code != ErrorCode::kNotFound) return found.error();
    }
    auto admitted = domain::admit(*valid, viewer, parent, ctx.clock.now(), *screening);
    if (!admitted) return admitted.error();
    admitted->ip_hash = ip_hash;
    admitted->author_email = mail.email;
    admitted->notify = mail.notify;
    auto stored = ctx.store.insert_comment(*admitted);  // committed before we answer
    if (!stored) return stored.error();
    out.comment = std::move(*stored);
    ctx.changed(CommentChange::kCreated, out.comment);
    return out;
}

domain::Result<domain::Comment> visible_comment(Context& ctx, domain::CommentId id, const domain::Viewer& viewer) {
    auto found = ctx.store.get_comment(id);
    if (!found) return found.error();
    if (!domain::can_see(viewer, *found) ||
        (found->status == domain::CommentStatus::kDeleted && !viewer.is_staff() && found->reply_count == 0))
        return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment");
    return found;
}

domain::Result<domain::Comment> edit_comment(Context& ctx, domain::CommentId id, std::string_view text,
                                             const Actor& who) {
    if (!who.credentials) return needs_credentials();
    auto found = ctx.store.get_comment(id);
    if (!found) return found.error();
    const auto now = ctx.clock.now();
    if (auto allowed = domain::check_edit(who.viewer, *found, now, ctx.rules.limits); !allowed)
        return refine(allowed.error(), who);
    auto clean = domain::validate_comment_text(text, ctx.rules.limits);
    if (!clean) return clean.error();
    if (*clean == found->text) return found;  // nothing changed: no history entry, no event
    // An author's edit is screened exactly as a new comment with the new text: bans and closed
    // threads refuse it, and where a new comment would wait for a moderator, so does the edit.
    std::optional<std::string> hold;
    if (!who.viewer.is_staff()) {
        auto screening = screen(ctx, *clean, who.viewer, found->page, ctx.guards.hash_ip(who.client_ip), found->text);
        if (!screening) return screening.error();
        hold = domain::edit_hold_reason(*clean, *screening);
    }
    const std::string by = who.viewer.is_staff() ? (who.viewer.name.empty() ? "moderator" : who.viewer.name) : "author";
    auto edited = ctx.store.edit_comment(id, *clean, now, by, hold);
    if (!edited) return edited.error();
    ctx.changed(CommentChange::kUpdated, *edited);
    if (who.viewer.is_staff() && !domain::is_author(who.viewer, *found)) {
        if (auto ok = record_audit(ctx, who, "comment.edit", "comment:" + std::to_string(id), encode_comment(*found),
                                   encode_comment(*edited));
            !ok)
            return ok.error();
    }
    return edited;
}

domain::Result<domain::Comment> delete_comment(Context& ctx, domain::CommentId id, const Actor& who) {
    if (!who.credentials) return needs_credentials();
    auto found = ctx.store.get_comment(id);
    if (!found) return found.error();
    if (auto allowed = domain::check_delete(who.viewer, *found); !allowed) return refine(allowed.error(), who);
    auto deleted = ctx.store.delete_comment(id);
    if (!deleted) return deleted.error();
    ctx.changed(CommentChange::kDeleted, *found);  // heard by whoever could see it: not a pending one's readers
    if (who.viewer.is_staff() && !domain::is_author(who.viewer, *found)) {
        if (auto ok = record_audit(ctx, who, "comment.delete", "comment:" + std::to_string(id), encode_comment(*found),
                                   encode_comment(*deleted));
            !ok)
            return ok.error();
    }
    return deleted;
}

}  // namespace tribune::service
