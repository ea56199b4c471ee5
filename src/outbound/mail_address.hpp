#pragma once
// Mail addresses as the outbound mail writes them into headers and the SMTP envelope: plain
// ASCII addr-specs only, so nothing a reader typed can add a header or an SMTP command.

#include <optional>
#include <string>
#include <string_view>

namespace tribune::outbound {

/// Whether `text` is an ASCII addr-spec "local@domain": at most 254 bytes, a dot-atom local
/// part (letters, digits, !#$%&'*+-/=?^_`{|}~ and inner dots) and a host name domain (letters,
/// digits, hyphens, inner dots). No quoted local parts, address literals or UTF-8 (SMTPUTF8).
bool is_mail_address(std::string_view text);

/// A sender or recipient as "Name <local@domain>" reads.
struct Mailbox {
    std::string name;     // "" for none; any UTF-8 without control characters
    std::string address;  // is_mail_address
};

/// Reads "local@domain", "Name <local@domain>" or "\"Name\" <local@domain>" (surrounding white
/// space ignored); nullopt when it is none of those.
std::optional<Mailbox> parse_mailbox(std::string_view text);

/// The part after the '@' of an address.
std::string_view mail_domain(std::string_view address);

}  // namespace tribune::outbound
