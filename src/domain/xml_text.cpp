#include "domain/xml_text.hpp"

#include <cstdint>

namespace tribune::domain {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at the start of `s` and its code point; 0 when
// the bytes there are not one (overlong, surrogate, past U+10FFFF, truncated).
std::size_t decode_one(std::string_view s, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t len = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    } else if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (s.size() < len) return 0;
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
bool allowed_in_xml(char32_t cp) {
    if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
    return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view s) {
    out.reserve(out.size() + s.size());
    while (!s.empty()) {
        char32_t cp = 0;
        const std::size_t len = decode_one(s, cp);
        if (len == 0) {
            out += kReplacement;
            s.remove_prefix(1);
            continue;
        }
        switch (cp) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (allowed_in_xml(cp)) out.append(s.data(), len);
        }
        s.remove_prefix(len);
    }
}

std::string xml_escape(std::string_view s) {
    std::string out;
    append_xml_escaped(out, s);
    return out;
}

void append_xml_element(std::string& out, std::string_view name, std::string_view text) {
    out += '<';
    out += name;
    out += '>';
    append_xml_escaped(out, text);
    out += "</";
    out += name;
    out += '>';
}

void append_xml_line(std::string& out, std::string_view name, std::string_view text) {
    append_xml_element(out, name, text);
    out += '\n';
}

}  // namespace tribune::domain
