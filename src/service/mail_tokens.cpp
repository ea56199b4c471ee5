#include "service/mail_tokens.hpp"

#include <sodium.h>

#include <charconv>
#include <chrono>
#include <cstdint>

#include "domain/base64url.hpp"
#include "service/author_token.hpp"

namespace tribune::service {
namespace {

// The payload, before base64url: one letter for the purpose, the issue time in microseconds,
// the address's length, then the address and the page key as they are. Lengths, not separators,
// so an address or page key with any byte in it reads back whole.
//   <purpose><issued_micros>:<email_bytes>:<email><page>
constexpr std::size_t kMaxTokenText = 2048;
constexpr std::size_t kMacBytes = 32;
constexpr auto kConfirmLifetime = std::chrono::days{7};
// Signed under a name of its own too, so a MAC made for something else under the same key never
// reads as a mail token.
constexpr std::string_view kMacContext = "tribune mail token v1\n";

char purpose_letter(MailTokenPurpose p) {
    switch (p) {
        case MailTokenPurpose::kConfirm: return 'c';
        case MailTokenPurpose::kUnsubscribeThread: return 't';
        case MailTokenPurpose::kUnsubscribeAll: return 'a';
    }
    return 'c';
}

std::optional<MailTokenPurpose> purpose_of(char letter) {
    switch (letter) {
        case 'c': return MailTokenPurpose::kConfirm;
        case 't': return MailTokenPurpose::kUnsubscribeThread;
        case 'a': return MailTokenPurpose::kUnsubscribeAll;
        default: return std::nullopt;
    }
}

std::string mail_token_mac(std::string_view payload, std::string_view key) {
    if (sodium_init() < 0) return {};
    crypto_generichash_state state;
    crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                            std::min<std::size_t>(key.size(), crypto_generichash_KEYBYTES_MAX), kMacBytes);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kMacContext.data()), kMacContext.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
    std::string mac(kMacBytes, '\0');
    crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(mac.data()), mac.size());
    return mac;
}

// A non-negative decimal up to `stop`; advances `text` past it and the stop character.
std::optional<std::int64_t> read_number(std::string_view& text, char stop) {
    const auto end = text.find(stop);
    if (end == std::string_view::npos || end == 0 || end > 19) return std::nullopt;
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, value);
    if (ec != std::errc{} || ptr != text.data() + end || value < 0) return std::nullopt;
    text.remove_prefix(end + 1);
    return value;
}

}  // namespace

std::string make_mail_token(const MailToken& token, std::string_view key) {
    std::string payload(1, purpose_letter(token.purpose));
    payload += std::to_string(domain::to_micros(token.issued_at));
    payload += ':';
    payload += std::to_string(token.email.size());
    payload += ':';
    payload += token.email;
    payload += token.page;
    return domain::base64url_encode(payload) + "." + domain::base64url_encode(mail_token_mac(payload, key));
}

std::optional<MailToken> read_mail_token(std::string_view text, std::string_view key, domain::Time now) {
    if (text.size() > kMaxTokenText || key.empty()) return std::nullopt;
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto payload = domain::base64url_decode(text.substr(0, dot));
    const auto mac = domain::base64url_decode(text.substr(dot + 1));
    if (!payload || !mac || mac->size() != kMacBytes) return std::nullopt;
    // Nothing in the payload is believed before its MAC is (compared in constant time).
    if (!secret_equals(*mac, mail_token_mac(*payload, key))) return std::nullopt;

    std::string_view rest = *payload;
    if (rest.empty()) return std::nullopt;
    const auto purpose = purpose_of(rest.front());
    if (!purpose) return std::nullopt;
    rest.remove_prefix(1);
    const auto issued = read_number(rest, ':');
    const auto email_bytes = read_number(rest, ':');
    if (!issued || !email_bytes || *email_bytes == 0 || static_cast<std::size_t>(*email_bytes) > rest.size())
        return std::nullopt;
    MailToken token;
    token.purpose = *purpose;
    token.issued_at = domain::from_micros(*issued);
    token.email = std::string(rest.substr(0, static_cast<std::size_t>(*email_bytes)));
    token.page = std::string(rest.substr(static_cast<std::size_t>(*email_bytes)));
    // Only a thread's unsubscribe link names a thread.
    if ((token.purpose == MailTokenPurpose::kUnsubscribeThread) == token.page.empty()) return std::nullopt;
    if (token.purpose == MailTokenPurpose::kConfirm && now - token.issued_at > kConfirmLifetime) return std::nullopt;
    return token;
}

}  // namespace tribune::service
