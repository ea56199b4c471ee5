#pragma once
// Reading mail back in the tests, written apart from the module's encoders: quoted-printable,
// RFC 2047 B and Q encoded-words, folded headers, and a message's header block and body.

#include <sodium.h>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::outbound::mail_reading {

inline std::string decode_quoted_printable(std::string_view text) {
    std::string out;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::runtime_error("bad quoted-printable hex digit");
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
            continue;
        }
        if (text.substr(i + 1, 2) == "\r\n") {
            i += 2;  // soft break
            continue;
        }
        if (i + 2 >= text.size()) throw std::runtime_error("truncated quoted-printable escape");
        out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
        i += 2;
    }
    return out;
}

inline std::string decode_base64(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t size = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::runtime_error("bad base64");
    out.resize(size);
    return out;
}

/// Removes folding (CRLF before white space), as RFC 5322 unfolding does.
inline std::string unfold(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value.substr(i, 2) == "\r\n") {
            ++i;
            continue;
        }
        out += value[i];
    }
    return out;
}

/// Decodes the encoded-words of an unfolded header value; white space between two adjacent
/// encoded-words is dropped (RFC 2047 section 6.2).
inline std::string decode_header_words(std::string_view value) {
    std::string out;
    std::string pending_space;
    bool last_was_word = false;
    std::size_t i = 0;
    while (i < value.size()) {
        if (value.substr(i, 2) == "=?") {
            const auto q1 = value.find('?', i + 2);
            const auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
            const auto end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
            if (end == std::string_view::npos) throw std::runtime_error("unterminated encoded-word");
            const auto charset = value.substr(i + 2, q1 - i - 2);
            if (charset != "utf-8" && charset != "UTF-8") throw std::runtime_error("unexpected charset");
            const char encoding = value[q1 + 1];
            const auto payload = value.substr(q2 + 1, end - q2 - 1);
            if (!last_was_word) out += pending_space;
            pending_space.clear();
            if (encoding == 'B' || encoding == 'b') {
                out += decode_base64(payload);
            } else {
                std::string q(payload);
                for (auto& c : q)
                    if (c == '_') c = ' ';
                out += decode_quoted_printable(q);
            }
            last_was_word = true;
            i = end + 2;
            continue;
        }
        if (value[i] == ' ' || value[i] == '\t') {
            pending_space += value[i++];
            continue;
        }
        out += pending_space;
        pending_space.clear();
        out += value[i++];
        last_was_word = false;
    }
    return out + pending_space;
}

struct ParsedMail {
    std::multimap<std::string, std::string> headers;  // raw values, folding kept
    std::vector<std::string> header_lines;            // every physical line of the header block
    std::string body;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        if (it == headers.end()) throw std::runtime_error("no header " + name);
        return it->second;
    }
};

/// Splits a message (or a MIME part) at its first empty line; header names as written.
inline ParsedMail parse_mail(std::string_view bytes) {
    ParsedMail mail;
    const auto end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) throw std::runtime_error("no end of headers");
    std::string_view block = bytes.substr(0, end + 2);
    mail.body = std::string(bytes.substr(end + 4));
    std::string name;
    while (!block.empty()) {
        const auto eol = block.find("\r\n");
        const auto line = block.substr(0, eol);
        mail.header_lines.emplace_back(line);
        block.remove_prefix(eol + 2);
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            if (name.empty()) throw std::runtime_error("continuation without a header");
            auto it = std::prev(mail.headers.end());
            for (auto i = mail.headers.begin(); i != mail.headers.end(); ++i)
                if (i->first == name) it = i;
            it->second += "\r\n" + std::string(line);
            continue;
        }
        const auto colon = line.find(": ");
        if (colon == std::string_view::npos) throw std::runtime_error("header line without a colon");
        name = std::string(line.substr(0, colon));
        mail.headers.emplace(name, std::string(line.substr(colon + 2)));
    }
    return mail;
}

}  // namespace tribune::outbound::mail_reading
