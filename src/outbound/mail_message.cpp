#include "outbound/mail_message.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "outbound/mail_address.hpp"
#include "outbound/mime_encoding.hpp"

namespace tribune::outbound {
namespace {

constexpr std::size_t kMaxUnsubscribeUrlBytes = 900;

std::string mail_random_hex(std::size_t bytes) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    std::array<unsigned char, 32> buffer{};
    bytes = std::min(bytes, buffer.size());
    randombytes_buf(buffer.data(), bytes);
    std::string out(bytes * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), buffer.data(), bytes);
    out.pop_back();
    return out;
}

// RFC 5322 date-time in UTC: "Mon, 07 Dec 2026 12:24:03 +0000".
std::string mail_date(domain::Time time) {
    using namespace std::chrono;
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{floor<seconds>(time - day)};
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[weekday{day}.c_encoding()],
                  static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                  static_cast<int>(date.year()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
    return text;
}

void check_unsubscribe_url(std::string_view url) {
    const bool scheme = url.starts_with("https://") || url.starts_with("http://");
    const bool printable = std::all_of(url.begin(), url.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7F && c != '<' && c != '>';
    });
    if (!scheme || !printable || url.size() > kMaxUnsubscribeUrlBytes)
        throw std::invalid_argument("the unsubscribe URL must be an http(s) URL of printable ASCII");
}

void add_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

void add_text_part(std::string& out, std::string_view boundary, std::string_view subtype, std::string_view body) {
    out.append("--").append(boundary).append("\r\n");
    out.append("Content-Type: text/").append(subtype).append("; charset=utf-8\r\n");
    out.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    out.append(quoted_printable(body)).append("\r\n");
}

}  // namespace

std::string format_mail(const MailMessage& message) {
    if (!is_mail_address(message.from_address)) throw std::invalid_argument("the sender's address is not valid");
    if (!is_mail_address(message.to_address)) throw std::invalid_argument("the recipient's address is not valid");
    if (!is_mail_address(message.message_id)) throw std::invalid_argument("the Message-ID is not local@domain");
    if (message.unsubscribe_url) check_unsubscribe_url(*message.unsubscribe_url);

    std::string out;
    const std::string name = header_safe_text(message.from_name);
    std::string from = message.from_address;
    if (!name.empty()) {
        std::string phrase = encode_display_name(name, 6);
        // The address goes on its own folded line when the name's last line has no room for it.
        const auto last_line = phrase.size() - (phrase.rfind('\n') == std::string::npos ? 0 : phrase.rfind('\n') + 1);
        from = phrase + (last_line + message.from_address.size() + 3 > 78 ? "\r\n <" : " <") + message.from_address + ">";
    }
    add_header(out, "From", from);
    add_header(out, "To", message.to_address);
    add_header(out, "Subject", encode_header_text(header_safe_text(message.subject), 9));
    add_header(out, "Date", mail_date(message.date));
    add_header(out, "Message-ID", "<" + message.message_id + ">");
    add_header(out, "MIME-Version", "1.0");
    add_header(out, "Auto-Submitted", "auto-generated");
    if (message.unsubscribe_url) {
        add_header(out, "List-Unsubscribe", "<" + *message.unsubscribe_url + ">");
        add_header(out, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    if (message.html.empty()) {
        add_header(out, "Content-Type", "text/plain; charset=utf-8");
        add_header(out, "Content-Transfer-Encoding", "quoted-printable");
        out.append("\r\n").append(quoted_printable(message.text)).append("\r\n");
        return out;
    }
    // "=_" never occurs in quoted-printable text ("=" always starts "=XX" or a soft break), so
    // the boundary cannot occur inside a part.
    const std::string boundary = "=_tribune_" + mail_random_hex(16);
    add_header(out, "Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
    out.append("\r\n");
    add_text_part(out, boundary, "plain", message.text);
    add_text_part(out, boundary, "html", message.html);
    out.append("--").append(boundary).append("--\r\n");
    return out;
}

std::string new_message_id(std::string_view from_address) {
    const auto domain = mail_domain(from_address);
    return mail_random_hex(16) + "@" + std::string(domain.empty() ? std::string_view("tribune.invalid") : domain);
}

}  // namespace tribune::outbound
