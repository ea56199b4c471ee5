#pragma once
// What an article body learns about the newsroom's media it embeds (render::article_body_html):
// the library's facts for each "/media/<sha256>.<ext>" URL, looked up through the service when
// the body is rendered (the article page, its API answer, the feeds), so the renderer stays free
// of the store.

#include <string>
#include <string_view>

#include "render/markdown.hpp"

namespace tribune::service {
struct Context;
}

namespace tribune::http {

/// A lookup over `ctx`'s media library: an original item (never a resized variant) of a known
/// kind, with an image's copies for srcset. `base_url` goes before every URL it gives ("" for
/// pages, the site's address for feeds). A store failure is "not known": the body shows the
/// plain image, as for any other URL.
render::MediaLookup media_lookup(service::Context& ctx, std::string base_url = {});

/// render::article_body_html(md) with media_lookup(ctx, base_url).
std::string article_body(service::Context& ctx, std::string_view md, std::string base_url = {});

}  // namespace tribune::http
