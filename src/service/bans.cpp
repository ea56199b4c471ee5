#include "service/bans.hpp"

#include "domain/comment_text.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/moderation.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

domain::Result<std::vector<domain::Ban>> ban_author(Context& ctx, domain::CommentId id,
                                                    std::optional<int> duration_days, std::string_view reason,
                                                    const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    if (duration_days && (*duration_days < 1 || *duration_days > 36500))
        return make_error(ErrorCode::kInvalid, "Invalid ban duration", "days must be 1..36500, or none for good",
                          {domain::FieldError{"days", "1..36500"}});
    if (reason.size() > 500)
        return make_error(ErrorCode::kInvalid, "Reason too long", "at most 500 bytes",
                          {domain::FieldError{"reason", "at most 500 bytes"}});
    // Found by fuzzing: the reason reaches JSON answers and the audit log, so it must be text.
    if (!reason.empty() && !domain::validate_comment_text(reason, ctx.rules.limits))
        return make_error(ErrorCode::kInvalid, "Invalid reason", "the reason must be UTF-8 text without control characters",
                          {domain::FieldError{"reason", "UTF-8 text without control characters"}});
    auto c = ctx.store.get_comment(id);
    if (!c) return c.error();
    if (domain::is_staff(c->author.role))
        return make_error(ErrorCode::kInvalid, "Staff cannot be banned", "change the account's role first");
    std::vector<std::pair<domain::BanKind, std::string>> keys;
    if (c->author.user_id) keys.emplace_back(domain::BanKind::kUser, std::to_string(*c->author.user_id));
    if (!c->author_token_hash.empty()) keys.emplace_back(domain::BanKind::kToken, c->author_token_hash);
    if (!c->ip_hash.empty()) keys.emplace_back(domain::BanKind::kIp, c->ip_hash);
    if (keys.empty())
        return make_error(ErrorCode::kInvalid, "Nothing left to ban", "this comment's author was erased");
    std::vector<domain::Ban> out;
    const auto now = ctx.clock.now();
    for (auto& [kind, value] : keys) {
        domain::Ban b;
        b.kind = kind;
        b.value = std::move(value);
        b.reason = std::string(reason);
        b.created_by = who.actor_name();
        b.created_at = now;
        if (duration_days) b.expires_at = now + std::chrono::hours(24) * *duration_days;
        auto stored = ctx.store.insert_ban(b);
        if (!stored) return stored.error();
        if (auto ok = record_audit(ctx, who, "ban.create", "ban:" + std::to_string(stored->id), "{}", encode_ban(*stored) );
            !ok)
            return ok.error();
        out.push_back(std::move(*stored));
    }
    // The comment that earned the ban leaves the site with it.
    if (c->status != domain::CommentStatus::kSpam && c->status != domain::CommentStatus::kDeleted) {
        auto spam = apply_moderation(ctx, *c, "spam", who);
        if (!spam) return spam.error();
    }
    return out;
}

domain::Result<std::vector<domain::Ban>> list_bans(Context& ctx, const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    return ctx.store.list_active_bans(ctx.clock.now(), 500);
}

domain::Result<domain::Ban> lift_ban(Context& ctx, std::int64_t ban_id, const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    auto lifted = ctx.store.lift_ban(ban_id);
    if (!lifted) return lifted.error();
    domain::Ban before = *lifted;
    before.lifted = false;
    if (auto ok = record_audit(ctx, who, "ban.lift", "ban:" + std::to_string(ban_id), encode_ban(before), encode_ban(*lifted));
        !ok)
        return ok.error();
    return lifted;
}

}  // namespace tribune::service
