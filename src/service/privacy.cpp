#include "service/privacy.hpp"

#include "domain/email_address.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/keyed_hash.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

namespace {

domain::Result<domain::AuthorKey> resolve_author(Context& ctx, const AuthorRef& ref) {
    domain::AuthorKey key;
    if (int{ref.comment_id.has_value()} + int{ref.user_id.has_value()} + int{ref.email.has_value()} > 1)
        return make_error(ErrorCode::kInvalid, "Name one commenter", "give one of a comment id, a user id or an email",
                          {domain::FieldError{"comment", "give one of comment, user or email"}});
    if (ref.user_id) {
        auto user = ctx.store.get_user(*ref.user_id);
        if (!user) return user.error();
        key.user_id = user->id;
        return key;
    }
    if (ref.email) {
        auto email = domain::canonical_email(*ref.email);
        if (!email)
            return make_error(ErrorCode::kInvalid, "Invalid email", "email must be an address of at most 254 bytes",
                              {domain::FieldError{"email", "an email address, at most 254 bytes"}});
        key.email = std::move(*email);
        return key;
    }
    if (!ref.comment_id)
        return make_error(ErrorCode::kInvalid, "Name a commenter", "give a comment id, a user id or an email",
                          {domain::FieldError{"comment", "give a comment id, a user id or an email"}});
    auto c = ctx.store.get_comment(*ref.comment_id);
    if (!c) return c.error();
    key = domain::author_key_of(*c);
    if (key.empty()) {
        // An imported comment has no account or token: the email its import kept names its author.
        auto kept = ctx.store.kept_email(*ref.comment_id);
        if (!kept) return kept.error();
        key.email = std::move(*kept);
    }
    if (key.empty())
        return make_error(ErrorCode::kInvalid, "Nothing left to identify the author",
                          "this comment's author was already erased, or was imported without an email");
    return key;
}

// Reports are filed under an account or a token; an email key has none of its own.
std::string reporter_key(const domain::AuthorKey& k) {
    if (k.user_id) return "u:" + std::to_string(*k.user_id);
    return k.token_hash.empty() ? std::string() : "t:" + k.token_hash;
}

// The audit log names the commenter without keeping a token or an address in clear: an email
// only as a short keyed hash, so the log cannot be searched for a guessed address.
std::string audit_target(Context& ctx, const domain::AuthorKey& k) {
    if (k.user_id) return "user:" + std::to_string(*k.user_id);
    if (!k.token_hash.empty()) return "author:" + k.token_hash.substr(0, 12);
    return "email:" + keyed_hash_hex("privacy email\n" + k.email, ctx.guards.ip_salt, 16).substr(0, 12);
}

}  // namespace

domain::Result<std::string> export_author(Context& ctx, const AuthorRef& ref, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto key = resolve_author(ctx, ref);
    if (!key) return key.error();
    auto data = ctx.store.author_data(*key, reporter_key(*key));
    if (!data) return data.error();
    if (auto ok = record_audit(ctx, who, "privacy.export", audit_target(ctx, *key), "{}", "{}"); !ok)
        return ok.error();
    return encode_author_data(*data, ctx.clock.now());
}

namespace {

// The erasure itself, once the caller's right to it is checked.
domain::Result<store::EraseSummary> erase_key(Context& ctx, const domain::AuthorKey& author, const Actor& who) {
    const auto* key = &author;
    // Which pages change, so their caches and readers hear of it.
    auto before = ctx.store.author_data(*key, reporter_key(*key));
    if (!before) return before.error();
    auto erased = ctx.store.erase_author(*key, reporter_key(*key));
    if (!erased) return erased.error();
    if (key->user_id) ctx.guards.sessions.erase_user(*key->user_id);
    for (const auto& rec : before->comments) ctx.changed(CommentChange::kDeleted, rec.comment);
    // The erased id is named nowhere after this (SQLite may give it to the next account).
    const std::string target = key->user_id ? std::string("user:erased") : audit_target(ctx, *key);
    if (auto ok = record_audit(ctx, who, "privacy.erase", target, "{}", encode_erase_summary(*erased));
        !ok)
        return ok.error();
    return erased;
}

domain::Result<domain::AuthorKey> own_key(const Actor& who) {
    if (!who.session || !who.viewer.user_id)
        return make_error(ErrorCode::kUnauthenticated, "Not signed in", "sign in to reach your account");
    domain::AuthorKey key;
    key.user_id = who.viewer.user_id;
    return key;
}

}  // namespace

domain::Result<store::EraseSummary> erase_author(Context& ctx, const AuthorRef& ref, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto key = resolve_author(ctx, ref);
    if (!key) return key.error();
    if (key->user_id && who.viewer.user_id && *key->user_id == *who.viewer.user_id)
        return make_error(ErrorCode::kConflict, "Not your own account", "another admin must erase it");
    return erase_key(ctx, *key, who);
}

domain::Result<std::string> export_own_data(Context& ctx, const Actor& who) {
    auto key = own_key(who);
    if (!key) return key.error();
    auto data = ctx.store.author_data(*key, reporter_key(*key));
    if (!data) return data.error();
    if (auto ok = record_audit(ctx, who, "privacy.export_own", audit_target(ctx, *key), "{}", "{}"); !ok)
        return ok.error();
    return encode_author_data(*data, ctx.clock.now());
}

domain::Result<store::EraseSummary> erase_own_account(Context& ctx, const Actor& who) {
    auto key = own_key(who);
    if (!key) return key.error();
    if (who.viewer.role != domain::Role::kReader)
        return make_error(ErrorCode::kForbidden, "Staff accounts are removed by an admin",
                          "ask an admin to remove this account");
    // The audit log keeps who did it without keeping the erased person's name.
    Actor self = who;
    self.viewer.name = "the reader themselves";
    self.viewer.user_id.reset();
    return erase_key(ctx, *key, self);
}

}  // namespace tribune::service
