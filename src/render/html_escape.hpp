#pragma once
// Escaping for HTML text and attributes, and percent-encoding for URLs. Every string that came from
// a reader or the database goes through one of these before it reaches a page.

#include <string>
#include <string_view>

namespace tribune::render {

/// Escapes `s` for HTML text and for quoted attribute values: & < > " ' become entities. The result
/// is never markup, whatever `s` holds. Thread-safe.
std::string html_escape(std::string_view s);

/// Appends `html_escape(s)` to `out` without a temporary.
void append_escaped(std::string& out, std::string_view s);

/// Percent-encodes `s` (UTF-8 bytes) for a URL query component, path segment or mailto header:
/// everything but the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~) becomes %XX, space
/// included (%20, never '+').
std::string url_encode(std::string_view s);

/// Whether `url` may go into an href/src: an http(s) URL or a site-relative path ("/..." but not
/// "//..."). Anything else (javascript:, data:, protocol-relative) is refused.
bool is_safe_url(std::string_view url);

}  // namespace tribune::render
