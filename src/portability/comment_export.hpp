#pragma once
// What the exports in other systems' formats (Disqus, WordPress WXR) share: where the site is,
// and what they wrote and left out.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace tribune::portability {

struct ForeignExportOptions {
    std::string base_url;   // the site's public URL, without a trailing slash: links are base_url + path
    std::string site_name;  // the Disqus forum / WordPress channel title
    std::string language = "en";
    std::string tribune_version;
    domain::Time now{};
    /// Article Markdown to HTML (WXR content:encoded); unset: the Markdown is written as it is.
    std::function<std::string(std::string_view)> markdown_to_html;
};

struct ForeignExportResult {
    std::int64_t articles = 0;  // WXR items
    std::int64_t threads = 0;   // Disqus threads
    std::int64_t comments = 0;
    std::int64_t pending_left_out = 0;     // Disqus: no state for them
    std::int64_t not_on_articles = 0;      // WXR: comments on pages that are not published articles
};


/// Fails (kUnavailable) once `out` could not be written to (a full disk).
domain::Result<void> written(std::ostream& out);

/// base_url + page (a page key is a path; anything else gets a "/" between).
std::string page_link(std::string_view base_url, std::string_view page);

}  // namespace tribune::portability
