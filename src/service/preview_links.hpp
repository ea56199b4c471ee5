#pragma once
// Private preview links: an article that is not published yet (a draft, a scheduled one) shown
// as readers will see it to whoever holds the link, for a limited time. The link carries its
// expiry and a keyed hash of the article's discussion page key (fixed at creation, so a new slug
// keeps the link working) and that expiry; nothing is stored.

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

inline constexpr int kPreviewDefaultDays = 7;
inline constexpr int kPreviewMaxDays = 30;

struct PreviewLink {
    std::string path;  // "/preview/{slug}?expires=...&sig=..."
    domain::Time expires_at{};
};

/// A link to the article at `slug`, valid `days` (1..kPreviewMaxDays). Who may write the
/// article may make one (editors any, authors their own); audited as article.preview_link.
/// Errors: as authorize(kWrite) and read_article; kInvalid for days out of range.
domain::Result<PreviewLink> make_preview_link(Context& ctx, const Actor& actor, std::string_view slug, int days);

/// The article a preview link names, when its signature and expiry hold (the slug may be an old
/// one) and it is not unpublished. Errors: kNotFound for anything else, alike (a wrong, expired or altered link).
domain::Result<domain::Article> open_preview_link(Context& ctx, std::string_view slug, std::string_view expires,
                                                  std::string_view sig);

}  // namespace tribune::service
