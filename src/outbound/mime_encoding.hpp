#pragma once
// The encodings a mail's bytes go through: quoted-printable bodies (RFC 2045) and header text
// as plain folded words or RFC 2047 encoded-words, every line within 78 characters where the
// text allows and always within 998.

#include <cstddef>
#include <string>
#include <string_view>

namespace tribune::outbound {

/// `text` as quoted-printable with CRLF line ends: any line break in the input (CRLF, LF or CR)
/// is a hard break, lines are at most 76 characters (soft breaks "=" CRLF), and a "." at the
/// start of a line is encoded, so no line of the output is a lone ".".
std::string quoted_printable(std::string_view text);

/// `text` made fit for a header: invalid UTF-8 replaced by U+FFFD, control characters (line
/// breaks, tabs, NUL, DEL) by spaces.
std::string header_safe_text(std::string_view text);

/// A header's unstructured value (after "Name: ", which took `used` characters of the first
/// line): plain words folded at spaces when the text is short printable ASCII, otherwise
/// "=?utf-8?B?...?=" encoded-words of at most 75 characters that never split a UTF-8 sequence,
/// one per line. `text` must already be header_safe_text.
std::string encode_header_text(std::string_view text, std::size_t used);

/// A display name as a phrase for "Name <address>": atoms when it is plain ASCII words, a
/// quoted-string when it holds specials, encoded-words when it holds non-ASCII characters.
/// `name` must already be header_safe_text.
std::string encode_display_name(std::string_view name, std::size_t used);

}  // namespace tribune::outbound
