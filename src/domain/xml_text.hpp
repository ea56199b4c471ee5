#pragma once
// Text for XML documents (feeds, sitemaps, the XML exports): escaped so it is never markup, and cleaned of what
// XML 1.0 may not hold at all (most control characters, U+FFFE/U+FFFF, broken UTF-8), which
// would make the whole document unreadable to a strict parser.

#include <string>
#include <string_view>

namespace tribune::domain {

/// Appends `s` as XML character data or a quoted attribute value: & < > " ' become entities;
/// characters XML 1.0 forbids are dropped and bytes that are not UTF-8 become U+FFFD. `]]>`
/// cannot survive (its `>` is escaped). Thread-safe.
void append_xml_escaped(std::string& out, std::string_view s);

/// Appends `<name>text</name>`, the text escaped as append_xml_escaped does; `name` is the
/// caller's own, never a client's.
void append_xml_element(std::string& out, std::string_view name, std::string_view text);

/// append_xml_element, then a line break (the feeds and sitemaps put one element on a line).
void append_xml_line(std::string& out, std::string_view name, std::string_view text);

/// append_xml_escaped into a new string.
std::string xml_escape(std::string_view s);

}  // namespace tribune::domain
