#pragma once
// One mail as RFC 5322 and MIME bytes: a text part and an HTML part (multipart/alternative),
// UTF-8 throughout, non-ASCII header text as RFC 2047 encoded-words, a Message-ID and a Date,
// and for reader mail List-Unsubscribe with one-click unsubscribe (RFC 8058).

#include <optional>
#include <string>
#include <string_view>

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

/// The message's bytes, CRLF line ends, lines within 998 bytes. The subject and the name may
/// hold anything: control characters become spaces and invalid UTF-8 U+FFFD, so neither can add
/// a header. Throws std::invalid_argument when an address is not an ASCII addr-spec
/// (outbound/mail_address.hpp), the Message-ID not "local@domain" of the same characters, or
/// the unsubscribe URL not an http(s) URL of printable ASCII within 900 bytes.
std::string format_mail(const MailMessage& message);

/// A new Message-ID (without angle brackets) for mail from `from_address`: 32 random hex
/// digits "@" the address's domain.
std::string new_message_id(std::string_view from_address);

}  // namespace tribune::outbound
