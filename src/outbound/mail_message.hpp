#pragma once
// One mail as RFC 5322 and MIME bytes: a text part and an HTML part (multipart/alternative),
// UTF-8 throughout, non-ASCII header text as RFC 2047 encoded-words, a Message-ID and a Date,
// and for reader mail List-Unsubscribe with one-click unsubscribe (RFC 8058).

#include <optional>
#include <string>

#include "domain/time.hpp"

namespace tribune::outbound {

struct MailMessage {
    std::string from_name;        // display name, any UTF-8 ("" for none)
    std::string from_address;     // addr-spec
    std::string to_address;       // addr-spec
    std::string subject;          // any UTF-8
    std::string text;             // the text/plain part
    std::string html;             // the text/html part ("" for text only)
    std::string message_id;       // without the angle brackets: "local@domain"
    domain::Time date{};
    std::optional<std::string> unsubscribe_url;  // https URL: List-Unsubscribe + List-Unsubscribe-Post
};

/// The message's bytes, CRLF line ends, lines within 998 bytes. Throws std::invalid_argument
/// when an address or the Message-ID holds CR, LF or other characters they may not.
std::string format_mail(const MailMessage& message);

}  // namespace tribune::outbound
