#pragma once
// What each mail message says: the template it fills and the values it fills it with, read from
// the store when the message is sent (so a comment edited, erased or deleted since is told as it
// is then, or not at all). The sender (outbox_sender.cpp) formats and sends what this returns.

#include <optional>
#include <string>
#include <variant>

#include "render/mail_template.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// Where links in mail point, and the key that signs their tokens.
struct MailLinks {
    std::string site_url;   // absolute, without a trailing '/'
    std::string token_key;  // Safeguards::mail_key
};

/// A mail ready to fill: the template, its values, and (reader mail) the one-click unsubscribe URL.
struct ComposedMail {
    std::string template_name;
    render::MailValues values;
    std::optional<std::string> unsubscribe_url;
};

/// Nothing to send any more (the comment is gone, the endpoint enabled again, the reader
/// stopped mail): the message is done without a mail.
struct NothingToSend {};

/// Why the message cannot be composed (kept as its last error; retried as any failure).
struct ComposeFailure {
    std::string error;
};

using Composition = std::variant<ComposedMail, NothingToSend, ComposeFailure>;

/// Composes mail message `m` (one of the event types the outbox makes for mail).
Composition compose_mail(store::Store& store, const MailLinks& links, const std::string& site_name,
                         const store::OutboxMessage& m, domain::Time now);

/// Whether `event_type` is reader mail (counted against the hourly limit, bundled into digests).
bool is_reader_mail(std::string_view event_type);

/// One line about reader mail `m` for a digest: its text and HTML (escaped) forms; nullopt when
/// the comment is gone.
struct DigestLine {
    std::string text;
    std::string html;
};
std::optional<DigestLine> digest_line(store::Store& store, const MailLinks& links, const store::OutboxMessage& m);

/// The link to a comment: on the site for a page key that is a path, the page itself for a page
/// key that is an http(s) URL (an embedding site), else the site's home.
std::string comment_link(const MailLinks& links, const std::string& page, domain::CommentId id);

/// The one-click unsubscribe URL for `email`: about `page` only, or ("" page) all mail.
std::string unsubscribe_url(const MailLinks& links, const std::string& email, const std::string& page, domain::Time now);

}  // namespace tribune::service
