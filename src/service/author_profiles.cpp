#include "service/author_profiles.hpp"

#include "domain/article.hpp"
#include "domain/comment_text.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;

domain::Error invalid_profile(std::string field, std::string message) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid author profile", message,
                              {domain::FieldError{std::move(field), message}});
}

bool is_web_address(std::string_view u) { return u.starts_with("https://") || u.starts_with("http://"); }

// Plain text without control characters (newlines allowed where `lines`), within `max` bytes.
bool plain(std::string_view s, std::size_t max, bool lines) {
    return s.size() <= max && !domain::has_direction_controls(s) && !domain::has_control_characters(s, lines);
}

domain::Result<void> validate(const store::AuthorProfile& p) {
    if (p.name.find_first_not_of(" \t") == std::string::npos || !plain(p.name, domain::article_limits::kName, false))
        return invalid_profile("name", "name is 1 to 120 bytes of text on one line");
    if (!plain(p.bio, author_limits::kBio, true)) return invalid_profile("bio", "bio is at most 5000 bytes of plain text");
    if (!p.photo_url.empty() &&
        (!plain(p.photo_url, domain::article_limits::kUrl, false) ||
         !(is_web_address(p.photo_url) || (p.photo_url.starts_with('/') && !p.photo_url.starts_with("//")))))
        return invalid_profile("photo_url", "photo_url is an http(s) URL or a path on this site");
    if (p.links.size() > author_limits::kMaxLinks) return invalid_profile("links", "at most 10 links");
    for (const auto& l : p.links)
        if (!plain(l, domain::article_limits::kUrl, false) || !is_web_address(l))
            return invalid_profile("links", "each link is an http(s) URL");
    return {};
}

std::string audit_state(const store::AuthorProfile& p) {
    return "{\"slug\":\"" + p.slug + "\",\"user_id\":" + (p.user_id ? std::to_string(*p.user_id) : "null") + "}";
}

}  // namespace

domain::Result<store::AuthorProfile> author_profile(Context& ctx, const Actor& actor, std::string_view slug) {
    if (!domain::is_valid_slug(slug)) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
    auto p = ctx.store.get_author(slug);
    if (!p || p->visible_to_readers() || authorize(actor, Permission::kWrite)) return p;
    return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
}

domain::Result<store::AuthorProfile> update_author_profile(Context& ctx, const Actor& actor, std::string_view slug,
                                                           const AuthorProfileDraft& draft) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    if (!domain::is_valid_slug(slug)) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
    auto current = ctx.store.get_author(slug);
    if (!current) return current.error();
    store::AuthorProfile p = *current;
    if (draft.name) p.name = *draft.name;
    if (draft.bio) p.bio = *draft.bio;
    if (draft.photo_url) p.photo_url = *draft.photo_url;
    if (draft.links) p.links = *draft.links;
    if (draft.user_id) {
        p.user_id = *draft.user_id;
        if (p.user_id) {
            auto user = ctx.store.get_user(*p.user_id);
            if (!user && user.error().code == ErrorCode::kNotFound) return invalid_profile("user_id", "no account has this id");
            if (!user) return user.error();
        }
    }
    if (auto ok = validate(p); !ok) return ok.error();
    auto saved = ctx.store.save_author(p);
    if (!saved) return saved.error();
    // The author's page and the lists that show bylines are stale.
    ctx.events.thread_changed("/authors/" + saved->slug);
    if (auto ok = record_audit(ctx, actor, "author.update", "author:" + saved->slug, audit_state(*current),
                               audit_state(*saved));
        !ok)
        return ok.error();
    return saved;
}

}  // namespace tribune::service
