#include "service/privacy.hpp"

#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

namespace {

domain::Result<domain::AuthorKey> resolve_author(Context& ctx, const AuthorRef& ref) {
    domain::AuthorKey key;
    if (ref.user_id) {
        auto user = ctx.store.get_user(*ref.user_id);
        if (!user) return user.error();
        key.user_id = user->id;
        return key;
    }
    if (!ref.comment_id)
        return make_error(ErrorCode::kInvalid, "Name a commenter", "give a comment id or a user id",
                          {domain::FieldError{"comment", "give a comment id or a user id"}});
    auto c = ctx.store.get_comment(*ref.comment_id);
    if (!c) return c.error();
    key = domain::author_key_of(*c);
    if (key.empty())
        return make_error(ErrorCode::kInvalid, "Nothing left to identify the author",
                          "this comment's author was already erased");
    return key;
}

std::string reporter_key(const domain::AuthorKey& k) {
    return k.user_id ? "u:" + std::to_string(*k.user_id) : "t:" + k.token_hash;
}

}  // namespace

domain::Result<std::string> export_author(Context& ctx, const AuthorRef& ref, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto key = resolve_author(ctx, ref);
    if (!key) return key.error();
    auto data = ctx.store.author_data(*key, reporter_key(*key));
    if (!data) return data.error();
    if (auto ok = record_audit(ctx, who, "privacy.export", key->user_id ? "user:" + std::to_string(*key->user_id)
                                                               : "author:" + key->token_hash.substr(0, 12),
                        "{}", "{}");
        !ok)
        return ok.error();
    return encode_author_data(*data, ctx.clock.now());
}

domain::Result<store::EraseSummary> erase_author(Context& ctx, const AuthorRef& ref, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto key = resolve_author(ctx, ref);
    if (!key) return key.error();
    if (key->user_id && who.viewer.user_id && *key->user_id == *who.viewer.user_id)
        return make_error(ErrorCode::kConflict, "Not your own account", "another admin must erase it");
    // Which pages change, so their caches and readers hear of it.
    auto before = ctx.store.author_data(*key, reporter_key(*key));
    if (!before) return before.error();
    auto erased = ctx.store.erase_author(*key, reporter_key(*key));
    if (!erased) return erased.error();
    if (key->user_id) ctx.guards.sessions.erase_user(*key->user_id);
    for (const auto& rec : before->comments) ctx.changed(CommentChange::kDeleted, rec.comment);
    if (auto ok = record_audit(ctx, who, "privacy.erase",
                        key->user_id ? "user:" + std::to_string(*key->user_id) : "author:" + key->token_hash.substr(0, 12),
                        "{}", encode_erase_summary(*erased));
        !ok)
        return ok.error();
    return erased;
}

}  // namespace tribune::service
