#include "outbound/mime_encoding.hpp"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "domain/utf8.hpp"

namespace tribune::outbound {
namespace {

constexpr std::size_t kQpLineLimit = 76;      // RFC 2045, "=" of a soft break included
constexpr std::size_t kHeaderLineGoal = 78;   // RFC 5322's SHOULD
constexpr std::size_t kEncodedWordMax = 75;   // RFC 2047
constexpr std::string_view kWordStart = "=?utf-8?B?";
constexpr std::string_view kWordEnd = "?=";
constexpr std::string_view kFold = "\r\n ";

// The byte length of the UTF-8 sequence at `s[i]`, or 0 when it is not well-formed there.
std::size_t mime_utf8_sequence(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > s.size()) return 0;
    return domain::is_valid_utf8(s.substr(i, length)) ? length : 0;
}

std::string mime_base64(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
}

// Raw bytes that fit in one encoded-word of at most `width` characters (at least one character).
std::size_t encoded_word_capacity(std::size_t width) {
    const std::size_t overhead = kWordStart.size() + kWordEnd.size();
    const std::size_t groups = width > overhead + 4 ? (width - overhead) / 4 : 1;
    return std::max<std::size_t>(groups * 3, 4);  // 4: the longest UTF-8 sequence always fits
}

std::string encoded_words(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t column = used;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!out.empty()) {  // one encoded-word per line
            out += kFold;
            column = 1;
        }
        const std::size_t width = std::min(kEncodedWordMax, kHeaderLineGoal > column ? kHeaderLineGoal - column : 0);
        const std::size_t capacity = encoded_word_capacity(width);
        std::size_t end = i;
        while (end < text.size()) {
            const std::size_t length = std::max<std::size_t>(mime_utf8_sequence(text, end), 1);
            if (end + length - i > capacity) break;
            end += length;
        }
        const std::string word = std::string(kWordStart) + mime_base64(text.substr(i, end - i)) + std::string(kWordEnd);
        out += word;
        column += word.size();
        i = end;
    }
    return out;
}

bool mime_plain_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

// Plain words folded before spaces: only when every word fits a line.
bool fits_as_plain_words(std::string_view text) {
    if (!mime_plain_ascii(text) || text.find("=?") != std::string_view::npos) return false;
    std::size_t word = 0;
    for (char c : text) {
        word = c == ' ' ? 0 : word + 1;
        if (word > kHeaderLineGoal - 12) return false;
    }
    return true;
}

std::string folded_words(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t column = used;
    std::size_t i = 0;
    while (i < text.size()) {
        // The next piece: the spaces before a word, then the word.
        std::size_t end = i;
        while (end < text.size() && text[end] == ' ') ++end;
        while (end < text.size() && text[end] != ' ') ++end;
        const auto piece = text.substr(i, end - i);
        if (column + piece.size() > kHeaderLineGoal && !out.empty() && piece.front() == ' ') {
            out += "\r\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
        i = end;
    }
    return out;
}

bool mime_phrase_atom(char c) {
    constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           kSymbols.find(c) != std::string_view::npos;
}

}  // namespace

std::string quoted_printable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t i = 0;
    while (true) {
        const std::size_t line_end = text.find_first_of("\r\n", i);
        const auto line = text.substr(i, line_end == std::string_view::npos ? std::string_view::npos : line_end - i);
        std::size_t column = 0;
        for (std::size_t k = 0; k < line.size(); ++k) {
            const auto c = static_cast<unsigned char>(line[k]);
            const bool last = k + 1 == line.size();
            auto token_for = [&](std::size_t at_column) {
                const bool literal = ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) &&
                                     !(c == '.' && at_column == 0);
                if (literal) return std::string(1, static_cast<char>(c));
                static constexpr char kHex[] = "0123456789ABCDEF";
                return std::string{'=', kHex[c >> 4], kHex[c & 0xF]};
            };
            std::string token = token_for(column);
            // Room for the token and, unless it ends the line, a soft break's "=".
            if (column + token.size() + (last ? 0 : 1) > kQpLineLimit) {
                out += "=\r\n";
                column = 0;
                token = token_for(column);
            }
            out += token;
            column += token.size();
        }
        if (line_end == std::string_view::npos) break;
        out += "\r\n";
        i = line_end + (text[line_end] == '\r' && line_end + 1 < text.size() && text[line_end + 1] == '\n' ? 2 : 1);
    }
    return out;
}

std::string header_safe_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = mime_utf8_sequence(text, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (length == 1 && (c < 0x20 || c == 0x7F)) out += ' ';
        else out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string encode_header_text(std::string_view text, std::size_t used) {
    if (fits_as_plain_words(text)) return folded_words(text, used);
    return encoded_words(text, used);
}

std::string encode_display_name(std::string_view name, std::size_t used) {
    if (mime_plain_ascii(name) && name.find("=?") == std::string_view::npos &&
        name.size() + used + 2 <= kHeaderLineGoal - 20) {
        if (std::all_of(name.begin(), name.end(), mime_phrase_atom) && name.front() != ' ' && name.back() != ' ' &&
            name.find("  ") == std::string_view::npos)
            return std::string(name);
        std::string quoted = "\"";
        for (char c : name) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        return quoted + "\"";
    }
    return encoded_words(name, used);
}

}  // namespace tribune::outbound
