#pragma once
// Article bodies from other systems: their HTML becomes Markdown through an allow-list, keeping
// the structure (paragraphs, headings, lists, links, emphasis, blockquotes, code, images with
// their alt text). Nothing else survives: no script, style, iframe, form or embed (nor their
// text), no attribute but a link's href and an image's src and alt, no URL but http(s) and
// relative ones. Text is escaped, so nothing in it becomes markup.

#include <string>
#include <string_view>

namespace tribune::portability {

/// The Markdown of an HTML body (parsed by the HTML rules within bounds, html_parse.hpp: a
/// hostile body is flattened to its text and paragraphs). Link and image URLs are written so
/// that the renderer links exactly what the allow-list checked; quotes and lists deeper than 8
/// levels keep their blocks without more prefixes.
/// `flattened`, when given, tells whether the body was past those bounds.
std::string html_to_markdown(std::string_view html, bool* flattened = nullptr);

/// WordPress keeps bodies without <p>: blank lines separate paragraphs and a single line break
/// is a <br> (its "autop" rule), except around block elements. This makes them explicit, then
/// html_to_markdown. A body that already has <p> is taken as it is.
std::string wordpress_html_to_markdown(std::string_view body, bool* flattened = nullptr);

/// Whether `url` may be a link or image in an imported body: http(s), or relative (no scheme).
bool is_allowed_body_url(std::string_view url);

}  // namespace tribune::portability
