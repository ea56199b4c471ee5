#pragma once
// The frame every page shares: doctype, head, site header, main landmark, footer.

#include <string>
#include <string_view>
#include <vector>

#include "render/views.hpp"

namespace tribune::render {

/// A feed (or other form) of a page, announced in its <head>. Plain text: escaped on output.
struct AlternateLink {
    std::string type;   // "application/atom+xml"
    std::string title;  // what a feed reader lists
    std::string href;   // a site path ("/sections/x/feed.atom") or an absolute URL
};

/// What goes into a page's <head> besides the fixed parts. Plain text: `document` escapes it.
struct PageHead {
    std::string_view title;           // the page's own title; the site name is appended
    std::string_view description;     // <meta name="description">; omitted when empty
    std::string_view canonical_path;  // "/articles/x": <link rel="canonical"> when site.base_url is set
    /// Feeds of this page, after the site's own (which every page names): a section's, a
    /// discussion's. Each becomes <link rel="alternate" type=... title=... href=...>.
    std::vector<AlternateLink> alternates = {};
    /// Trusted markup for the end of <head> (render/page_meta.hpp: OpenGraph, JSON-LD).
    std::string_view meta_html = {};
};

/// A complete HTML5 document around `main_html` (trusted, already escaped markup). Links
/// /static/tribune.css and /static/tribune.js (deferred, optional: pages work without it).
std::string document(const SiteInfo& site, const PageHead& head, std::string_view main_html);

}  // namespace tribune::render
