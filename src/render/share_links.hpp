#pragma once
// The "Share" block: plain links to share an article, no third-party scripts.

#include <string>
#include <vector>

#include "domain/article.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// One share target: its visible label and the finished URL (percent-encoded, not yet HTML-escaped).
struct ShareLink {
    std::string label;  // "Email", "X", "Facebook", ...
    std::string url;
};

/// The article's absolute URL: site.base_url + "/articles/" + slug.
std::string share_url(const SiteInfo& site, const domain::Article& article);

/// Email (mailto: with subject and body), X, Facebook, LinkedIn, Reddit and WhatsApp links.
std::vector<ShareLink> share_links(const SiteInfo& site, const domain::Article& article);

/// Appends the block: a copy-link button (hidden until web/tribune.js enables it), the URL in a
/// read-only field for copying by hand, then the share links.
void append_share_block(std::string& out, const SiteInfo& site, const domain::Article& article);

}  // namespace tribune::render
