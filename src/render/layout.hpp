#pragma once
// The frame every page shares: doctype, head, site header, main landmark, footer.

#include <string>
#include <string_view>

#include "render/views.hpp"

namespace tribune::render {

/// What goes into a page's <head> besides the fixed parts. Plain text: `document` escapes it.
struct PageHead {
    std::string_view title;           // the page's own title; the site name is appended
    std::string_view description;     // <meta name="description">; omitted when empty
    std::string_view canonical_path;  // "/articles/x": <link rel="canonical"> when site.base_url is set
};

/// A complete HTML5 document around `main_html` (trusted, already escaped markup). Links
/// /static/tribune.css and /static/tribune.js (deferred, optional: pages work without it).
std::string document(const SiteInfo& site, const PageHead& head, std::string_view main_html);

}  // namespace tribune::render
