#pragma once
// Text for the XML exports (Disqus, WordPress): escaping, a comment's text as HTML, and the
// dates those formats use. (render/xml_text is the site's own; portability may not include it.)

#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace tribune::portability {

/// Appends `text` escaped for XML character data and attribute values (&, <, >, ", '). Characters
/// XML 1.0 forbids (C0 controls but tab and line breaks) are dropped; invalid UTF-8 bytes become
/// U+FFFD, so the document always parses.
void append_xml_escaped(std::string& out, std::string_view text);
std::string xml_escaped(std::string_view text);

/// A plain-text comment as HTML: escaped, each run of text between blank lines a <p>, single
/// line breaks <br>. "" for a blank text.
std::string text_to_html(std::string_view text);

/// "Sun, 15 Mar 2026 04:53:00 +0000" (RSS pubDate).
std::string rfc822_date(domain::Time t);
/// "2026-03-15 04:53:00" (WordPress's dates; Tribune's times are UTC).
std::string wordpress_date(domain::Time t);

}  // namespace tribune::portability
