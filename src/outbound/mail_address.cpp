#include "outbound/mail_address.hpp"

#include <algorithm>

#include "domain/utf8.hpp"

namespace tribune::outbound {
namespace {

constexpr std::size_t kMaxMailAddressBytes = 254;
constexpr std::size_t kMaxDisplayNameBytes = 200;

bool mail_atext(char c) {
    constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSymbols.find(c) != std::string_view::npos;
}

bool mail_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Dot-separated, non-empty pieces of characters `ok` accepts.
template <class Accept>
bool dotted(std::string_view text, Accept ok) {
    if (text.empty() || text.front() == '.' || text.back() == '.') return false;
    if (text.find("..") != std::string_view::npos) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) { return c == '.' || ok(c); });
}

std::string_view trim_mail_space(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

bool is_mail_address(std::string_view text) {
    if (text.size() > kMaxMailAddressBytes) return false;
    const auto at = text.find('@');
    if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
    const auto local = text.substr(0, at);
    const auto domain = text.substr(at + 1);
    return local.size() <= 64 && dotted(local, mail_atext) && dotted(domain, mail_host_char);
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
    text = trim_mail_space(text);
    if (text.empty()) return std::nullopt;
    if (text.back() != '>') {
        if (!is_mail_address(text)) return std::nullopt;
        return Mailbox{"", std::string(text)};
    }
    const auto open = text.rfind('<');
    if (open == std::string_view::npos) return std::nullopt;
    const auto address = text.substr(open + 1, text.size() - open - 2);
    if (!is_mail_address(address)) return std::nullopt;
    std::string_view name = trim_mail_space(text.substr(0, open));
    std::string unquoted;
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (name[i] == '\\' && i + 1 < name.size()) ++i;
            else if (name[i] == '"') return std::nullopt;
            unquoted += name[i];
        }
    } else {
        if (name.find('"') != std::string_view::npos) return std::nullopt;
        unquoted = std::string(name);
    }
    if (unquoted.size() > kMaxDisplayNameBytes || !domain::is_valid_utf8(unquoted)) return std::nullopt;
    if (std::any_of(unquoted.begin(), unquoted.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; }))
        return std::nullopt;
    return Mailbox{std::move(unquoted), std::string(address)};
}

std::string_view mail_domain(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

}  // namespace tribune::outbound
