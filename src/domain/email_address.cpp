#include "domain/email_address.hpp"

#include "domain/utf8.hpp"

namespace tribune::domain {

std::optional<std::string> canonical_email(std::string_view raw) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    const auto first = raw.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return std::nullopt;
    raw = raw.substr(first, raw.find_last_not_of(kSpace) - first + 1);
    const auto at = raw.find('@');
    if (raw.size() > kMaxEmailBytes || at == 0 || at == std::string_view::npos || at + 1 == raw.size() ||
        raw.find('@', at + 1) != std::string_view::npos || !is_valid_utf8(raw))
        return std::nullopt;
    std::string out;
    out.reserve(raw.size());
    for (char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f || ch == '<' || ch == '>' || ch == '"' || ch == ',' || ch == ';')
            return std::nullopt;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
    }
    return out;
}

}  // namespace tribune::domain
