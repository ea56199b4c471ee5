#pragma once
// The links in reader mail: confirm an address, stop mail about one thread, stop all mail. Each
// token says what it is for, for which address (and thread), and when it was made, signed with
// a key derived from the node key (the same on every node), so no token needs storing and none
// can be forged or turned to another address. Confirmation tokens expire after a week;
// unsubscribe tokens never do (a link in an old mail must keep working).

#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

namespace tribune::service {

enum class MailTokenPurpose { kConfirm, kUnsubscribeThread, kUnsubscribeAll };

struct MailToken {
    MailTokenPurpose purpose = MailTokenPurpose::kConfirm;
    std::string email;   // canonical
    std::string page;    // kUnsubscribeThread: the thread's page key; else ""
    domain::Time issued_at{};
};

/// The token's text: URL-safe (base64url and '.'), at most about 1 KiB for a 512-byte page key.
std::string make_mail_token(const MailToken& token, std::string_view key);

/// The token `text` stands for when it is well-formed, signed with `key`, and (kConfirm) at
/// most a week old at `now`; nullopt otherwise. Bounded: text over 2 KiB is refused unread.
std::optional<MailToken> read_mail_token(std::string_view text, std::string_view key, domain::Time now);

}  // namespace tribune::service
