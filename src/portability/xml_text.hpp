#pragma once
// Text for the XML exports (Disqus, WordPress): a comment's text as HTML and WordPress's dates.
// Escaping (domain/xml_text.hpp) and RSS dates (domain/time.hpp) are the site's own.

#include <string>
#include <string_view>

#include "domain/time.hpp"
#include "domain/xml_text.hpp"

namespace tribune::portability {

using domain::append_xml_escaped;
using domain::rfc822_date;

/// A plain-text comment as HTML: escaped, each run of text between blank lines a <p>, single
/// line breaks <br>. "" for a blank text.
std::string text_to_html(std::string_view text);

/// "2026-03-15 04:53:00" (WordPress's dates; Tribune's times are UTC).
std::string wordpress_date(domain::Time t);

}  // namespace tribune::portability
