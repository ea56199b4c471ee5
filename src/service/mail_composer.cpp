#include "service/mail_composer.hpp"

#include "render/html_escape.hpp"
#include "service/mail_tokens.hpp"
#include "service/sign_in.hpp"

namespace tribune::service {
namespace {

constexpr std::size_t kQuotedTextBytes = 2000;
// What List-Unsubscribe may hold (outbound::format_mail refuses longer: a header line has 998 bytes).
constexpr std::size_t kMaxHeaderLinkBytes = 900;

// A reader's words in a mail: whole up to a bound, then cut at a character with an ellipsis.
std::string quoted(const std::string& text) {
    if (text.size() <= kQuotedTextBytes) return text;
    std::size_t end = kQuotedTextBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "\xE2\x80\xA6";
}

bool visible(const domain::Comment& c) {
    return c.status == domain::CommentStatus::kApproved;
}

std::string token_link(const MailLinks& links, std::string_view path, const MailToken& token) {
    return links.site_url + std::string(path) + "?t=" + make_mail_token(token, links.token_key);
}

std::string display_name(const std::string& name) { return name.empty() ? std::string(domain::kNoName) : name; }

// A reply still worth telling its parent's author about: visible, its parent not deleted, the
// thread not stopped by the recipient. nullopt with `failure` empty: nothing to tell.
struct ReplyPair {
    domain::Comment reply;
    domain::Comment parent;
};
std::optional<ReplyPair> reply_to_tell(store::Store& store, const store::OutboxMessage& m, std::string& failure) {
    auto reply = store.get_comment(m.subject_id);
    if (!reply || !visible(*reply) || !reply->parent_id) return std::nullopt;
    auto parent = store.get_comment(*reply->parent_id);
    if (!parent || parent->status == domain::CommentStatus::kDeleted) return std::nullopt;
    auto unsubscribed = store.thread_unsubscribed(m.recipient, reply->page);
    if (!unsubscribed) {
        failure = unsubscribed.error().message;
        return std::nullopt;
    }
    if (*unsubscribed) return std::nullopt;
    return ReplyPair{std::move(*reply), std::move(*parent)};
}

Composition compose_reply(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                          render::MailValues values, domain::Time now) {
    std::string failure;
    auto pair = reply_to_tell(store, m, failure);
    if (!failure.empty()) return ComposeFailure{failure};
    if (!pair) return NothingToSend{};
    const auto& reply = pair->reply;
    const auto& parent = pair->parent;
    values["reader_name"] = display_name(parent.author.name);
    values["reply_author"] = display_name(reply.author.name);
    values["reply_text"] = quoted(reply.text);
    values["comment_text"] = quoted(parent.text);
    values["link"] = comment_link(links, reply.page, reply.id);
    const auto thread = unsubscribe_url(links, m.recipient, reply.page, now);
    const auto all = unsubscribe_url(links, m.recipient, "", now);
    values["unsubscribe_thread_link"] = thread;
    values["unsubscribe_all_link"] = all;
    // The header stops this thread; a link too long for a header line (a very long page key)
    // stops all mail there instead, and the body still offers both.
    const auto header = thread.size() <= kMaxHeaderLinkBytes ? thread : all;
    return ComposedMail{m.event_type == "staff_reply" ? "staff_reply" : "reply", std::move(values), header};
}

Composition compose_approved(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                             render::MailValues values, domain::Time now) {
    auto c = store.get_comment(m.subject_id);
    if (!c || !visible(*c)) return NothingToSend{};
    values["reader_name"] = display_name(c->author.name);
    values["comment_text"] = quoted(c->text);
    values["link"] = comment_link(links, c->page, c->id);
    const auto all = unsubscribe_url(links, m.recipient, "", now);
    values["unsubscribe_all_link"] = all;
    return ComposedMail{"approved", std::move(values), all};
}

Composition compose_confirm(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                            render::MailValues values, domain::Time now) {
    auto address = store.mail_address(m.recipient);
    if (!address) return ComposeFailure{address.error().message};
    // Confirmed since, and still wanting mail: nothing to ask. One who stopped all mail and
    // asked again is asked to confirm again.
    if (*address && (*address)->confirmed_at && !(*address)->unsubscribed_at) return NothingToSend{};
    // Only for a comment still standing: one deleted, rejected or marked spam since may have
    // named someone else's address.
    auto c = store.get_comment(m.subject_id);
    if (!c) return c.error().code == domain::ErrorCode::kNotFound ? Composition{NothingToSend{}}
                                                                   : Composition{ComposeFailure{c.error().message}};
    if (c->status != domain::CommentStatus::kPending && c->status != domain::CommentStatus::kApproved)
        return NothingToSend{};
    values["confirm_link"] = token_link(links, "/notifications/confirm",
                                        MailToken{MailTokenPurpose::kConfirm, m.recipient, "", now});
    return ComposedMail{"confirm", std::move(values), std::nullopt};
}

// A sign-in link, made from the pending request when it is sent: a request used or expired
// since needs no mail.
Composition compose_sign_in_link(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                                 render::MailValues values, domain::Time now) {
    auto request = store.pending_sign_in_request(m.subject_id, now);
    if (!request) return ComposeFailure{request.error().message};
    if (!*request || (*request)->subject != m.recipient) return NothingToSend{};
    values["sign_in_link"] =
        links.site_url + "/account/sign-in?token=" + sign_in_link_token(links.token_key, (*request)->nonce);
    return ComposedMail{"sign_in_link", std::move(values), std::nullopt};
}

Composition compose_moderation(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                               render::MailValues values) {
    auto c = store.get_comment(m.subject_id);
    if (!c || c->status == domain::CommentStatus::kDeleted) return NothingToSend{};
    const bool report = m.event_type == "moderation_report";
    // Work done by someone else since needs no mail.
    if (!report && c->status != domain::CommentStatus::kPending) return NothingToSend{};
    if (report && c->open_reports == 0) return NothingToSend{};
    values["what"] = report ? "A comment was reported" : "A new comment is waiting for review";
    values["author_name"] = display_name(c->author.name);
    values["comment_text"] = quoted(c->text);
    values["page"] = c->page;
    values["desk_link"] = links.site_url + "/admin/comments/" + std::to_string(c->id);
    values["settings_link"] = links.site_url + "/admin/notifications";
    return ComposedMail{"moderation", std::move(values), std::nullopt};
}

Composition compose_moderation_digest(store::Store& store, const MailLinks& links, render::MailValues values) {
    auto work = store.moderation_work_since(std::nullopt);
    if (!work) return ComposeFailure{work.error().message};
    if (work->pending == 0 && work->reported == 0) return NothingToSend{};  // all done since
    values["pending_count"] = std::to_string(work->pending);
    values["reported_count"] = std::to_string(work->reported);
    values["desk_link"] = links.site_url + "/admin";
    values["settings_link"] = links.site_url + "/admin/notifications";
    return ComposedMail{"moderation_digest", std::move(values), std::nullopt};
}

Composition compose_webhook_disabled(store::Store& store, const MailLinks& links, const store::OutboxMessage& m,
                                     render::MailValues values) {
    auto endpoint = store.get_webhook(m.subject_id);
    if (!endpoint || endpoint->enabled) return NothingToSend{};  // deleted or enabled again since
    values["endpoint_url"] = endpoint->url;
    values["reason"] = endpoint->disabled_reason;
    values["desk_link"] = links.site_url + "/admin/webhooks/" + std::to_string(endpoint->id);
    return ComposedMail{"webhook_disabled", std::move(values), std::nullopt};
}

}  // namespace

bool is_reader_mail(std::string_view event_type) {
    return event_type == "reply" || event_type == "staff_reply" || event_type == "approved";
}

std::string comment_link(const MailLinks& links, const std::string& page, domain::CommentId id) {
    const std::string anchor = "#comment-" + std::to_string(id);
    if (!page.empty() && page.front() == '/' && (page.size() < 2 || page[1] != '/')) return links.site_url + page + anchor;
    if (page.rfind("https://", 0) == 0 || page.rfind("http://", 0) == 0) return page;
    return links.site_url + "/";
}

std::string unsubscribe_url(const MailLinks& links, const std::string& email, const std::string& page, domain::Time now) {
    const auto purpose = page.empty() ? MailTokenPurpose::kUnsubscribeAll : MailTokenPurpose::kUnsubscribeThread;
    return token_link(links, "/notifications/unsubscribe", MailToken{purpose, email, page, now});
}

Composition compose_mail(store::Store& store, const MailLinks& links, const std::string& site_name,
                         const store::OutboxMessage& m, domain::Time now) {
    render::MailValues values{{"site_name", site_name}, {"site_url", links.site_url}};
    if (auto staff = store.find_user_by_email(m.recipient)) values["staff_name"] = staff->name;
    const auto& type = m.event_type;
    if (type == "reply" || type == "staff_reply") return compose_reply(store, links, m, std::move(values), now);
    if (type == "approved") return compose_approved(store, links, m, std::move(values), now);
    if (type == "confirm") return compose_confirm(store, links, m, std::move(values), now);
    if (type == "sign_in_link") return compose_sign_in_link(store, links, m, std::move(values), now);
    if (type == "moderation_pending" || type == "moderation_report")
        return compose_moderation(store, links, m, std::move(values));
    if (type == "moderation_digest") return compose_moderation_digest(store, links, std::move(values));
    if (type == "webhook_disabled") return compose_webhook_disabled(store, links, m, std::move(values));
    return ComposeFailure{"no mail template for " + type};
}

std::optional<DigestLine> digest_line(store::Store& store, const MailLinks& links, const store::OutboxMessage& m) {
    std::optional<domain::Comment> c;
    std::string what;
    if (m.event_type == "approved") {
        auto own = store.get_comment(m.subject_id);
        if (!own || !visible(*own)) return std::nullopt;
        c = std::move(*own);
        what = "Your comment was approved";
    } else {
        // The same checks as a single reply mail's.
        std::string failure;
        auto pair = reply_to_tell(store, m, failure);
        if (!pair) return std::nullopt;
        c = std::move(pair->reply);
        what = display_name(c->author.name) + " replied to your comment";
    }
    const std::string link = comment_link(links, c->page, c->id);
    DigestLine line;
    line.text = "- " + what + ": " + link + "\n";
    line.html = "<li><a href=\"" + render::html_escape(link) + "\">" + render::html_escape(what) + "</a></li>";
    return line;
}

}  // namespace tribune::service
