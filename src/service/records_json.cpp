#include "service/records_json.hpp"

#include "service/records_json_object.hpp"

namespace tribune::service {
namespace json = boost::json;

namespace {

json::value optional_time(const std::optional<domain::Time>& t) {
    if (!t) return nullptr;
    return json::string(domain::format_rfc3339(*t));
}

}  // namespace

json::object comment_object(const domain::Comment& c) {
    json::object o;
    o.reserve(15);
    o["id"] = std::to_string(c.id);
    o["page"] = c.page;
    if (c.parent_id) o["parent_id"] = std::to_string(*c.parent_id);
    else o["parent_id"] = nullptr;
    json::object author{{"name", c.author.name}, {"role", std::string(domain::to_string(c.author.role))}};
    if (!c.author.badge.empty()) author["badge"] = c.author.badge;
    if (c.author.verified) author["verified"] = true;
    o["author"] = std::move(author);
    o["text"] = c.text;
    o["status"] = std::string(domain::to_string(c.status));
    o["created_at"] = domain::format_rfc3339(c.created_at);
    o["edited"] = c.edited_at.has_value();
    o["edited_at"] = optional_time(c.edited_at);
    o["version"] = domain::text_version(c);
    o["reply_count"] = c.reply_count;
    if (c.featured) o["featured"] = true;
    return o;
}

json::object article_object(const domain::Article& a) {
    auto named = [](const domain::NamedRef& r, std::string_view base) {
        json::object o{{"name", r.name}, {"slug", r.slug}};
        if (!base.empty()) o["path"] = std::string(base) + r.slug;
        return o;
    };
    json::array authors;
    for (const auto& r : a.authors) authors.emplace_back(named(r, "/authors/"));
    json::array tags;
    for (const auto& r : a.tags) tags.emplace_back(named(r, "/tags/"));
    json::array media;
    if (a.media) {
        const auto& m = *a.media;
        json::object o{{"kind", m.kind}, {"url", m.url}, {"content_type", m.mime_type},
                       {"alt", m.alt},   {"caption", m.caption}, {"credit", m.credit}};
        if (m.duration_seconds > 0) o["duration_seconds"] = m.duration_seconds;
        if (m.width > 0) o["width"] = m.width;
        if (m.height > 0) o["height"] = m.height;
        media.emplace_back(std::move(o));
    }
    json::object o;
    o.reserve(16);
    o["slug"] = a.slug;
    o["path"] = a.path();
    o["title"] = a.title;
    o["summary"] = a.summary;
    o["body_markdown"] = a.body_markdown;
    o["authors"] = std::move(authors);
    if (a.section) o["section"] = named(*a.section, "/sections/");
    else o["section"] = nullptr;
    o["tags"] = std::move(tags);
    o["status"] = std::string(domain::to_string(a.status));
    o["published_at"] = domain::format_rfc3339(a.published_at);
    o["updated_at"] = domain::format_rfc3339(a.updated_at);
    o["revision"] = a.revision;
    o["media"] = std::move(media);
    return o;
}

std::string article_snapshot(const domain::Article& a) { return json::serialize(article_object(a)); }

namespace {

std::string text_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int32_t number_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_int64() ? static_cast<std::int32_t>(v->get_int64()) : 0;
}

std::vector<domain::NamedRef> refs_at(const json::object& o, std::string_view key) {
    std::vector<domain::NamedRef> out;
    const auto* v = o.if_contains(key);
    if (!v || !v->is_array()) return out;
    for (const auto& item : v->get_array())
        if (item.is_object()) out.push_back({text_at(item.get_object(), "name"), text_at(item.get_object(), "slug")});
    return out;
}

}  // namespace

std::optional<domain::Article> article_from_snapshot(std::string_view snapshot) {
    boost::system::error_code ec;
    json::value v = json::parse(snapshot, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const json::object& o = v.get_object();
    domain::Article a;
    a.slug = text_at(o, "slug");
    a.title = text_at(o, "title");
    a.summary = text_at(o, "summary");
    a.body_markdown = text_at(o, "body_markdown");
    a.authors = refs_at(o, "authors");
    a.tags = refs_at(o, "tags");
    if (const auto* s = o.if_contains("section"); s && s->is_object())
        a.section = domain::NamedRef{text_at(s->get_object(), "name"), text_at(s->get_object(), "slug")};
    if (auto status = domain::parse_article_status(text_at(o, "status"))) a.status = *status;
    if (auto t = domain::parse_rfc3339(text_at(o, "published_at"))) a.published_at = *t;
    if (auto t = domain::parse_rfc3339(text_at(o, "updated_at"))) a.updated_at = *t;
    a.revision = number_at(o, "revision");
    if (const auto* m = o.if_contains("media"); m && m->is_array() && !m->get_array().empty() &&
                                                m->get_array().front().is_object()) {
        const json::object& mo = m->get_array().front().get_object();
        domain::Media media;
        media.kind = text_at(mo, "kind");
        media.url = text_at(mo, "url");
        media.mime_type = text_at(mo, "content_type");
        media.alt = text_at(mo, "alt");
        media.caption = text_at(mo, "caption");
        media.credit = text_at(mo, "credit");
        media.duration_seconds = number_at(mo, "duration_seconds");
        media.width = number_at(mo, "width");
        media.height = number_at(mo, "height");
        a.media = std::move(media);
    }
    return a;
}

json::object ban_object(const domain::Ban& b) {
    return json::object{{"id", b.id},
                        {"kind", std::string(domain::to_string(b.kind))},
                        {"value", b.kind == domain::BanKind::kUser ? b.value : b.value.substr(0, 12)},
                        {"reason", b.reason},
                        {"created_by", b.created_by},
                        {"created_at", domain::format_rfc3339(b.created_at)},
                        {"expires_at", optional_time(b.expires_at)},
                        {"lifted", b.lifted}};
}

json::object user_object(const domain::User& u) {
    json::object o{{"id", u.id},
                   {"email", u.email},
                   {"name", u.name},
                   {"role", std::string(domain::to_string(u.role))},
                   {"created_at", domain::format_rfc3339(u.created_at)},
                   {"disabled", u.disabled},
                   {"email_verified", u.email_verified && !domain::is_placeholder_email(u.email)}};
    if (domain::is_placeholder_email(u.email)) o["email"] = nullptr;  // SSO or OpenID gave none
    if (u.badge.empty()) o["badge"] = nullptr;
    else o["badge"] = u.badge;
    return o;
}

json::object policy_object(const domain::InstallPolicy& p) {
    json::array words;
    for (const auto& w : p.banned_words) words.emplace_back(json::string(w));
    json::object o{{"moderation", std::string(domain::to_string(p.moderation))},
                   {"report_threshold", p.report_threshold},
                   {"hide_reported", p.hide_reported},
                   {"banned_words", std::move(words)},
                   {"max_links", p.max_links},
                   {"signin_required", p.signin_required},
                   {"signin_after_rejection", p.signin_after_rejection}};
    if (p.auto_close_days) o["auto_close_days"] = *p.auto_close_days;
    else o["auto_close_days"] = nullptr;
    return o;
}

json::object thread_policy_object(const domain::ThreadPolicy& p) {
    json::object o{{"page", p.page}, {"closed", p.closed}};
    if (p.moderation) o["moderation"] = std::string(domain::to_string(*p.moderation));
    else o["moderation"] = nullptr;
    if (p.auto_close_days) o["auto_close_days"] = *p.auto_close_days;
    else o["auto_close_days"] = nullptr;
    if (p.signin_required) o["signin_required"] = *p.signin_required;
    else o["signin_required"] = nullptr;
    return o;
}

json::object report_object(const domain::Report& r) {
    return json::object{{"id", r.id},
                        {"comment_id", std::to_string(r.comment_id)},
                        {"reason", r.reason},
                        {"created_at", domain::format_rfc3339(r.created_at)},
                        {"resolved", r.resolved}};
}

json::array edits_array(const std::vector<domain::CommentEdit>& edits) {
    json::array a;
    for (const auto& e : edits)
        a.emplace_back(json::object{{"text", e.text},
                                    {"replaced_at", domain::format_rfc3339(e.replaced_at)},
                                    {"edited_by", e.edited_by}});
    return a;
}

// What staff see of a comment: the public fields and the moderation ones.
json::object staff_comment_object(const domain::Comment& c) {
    auto o = comment_object(c);
    o["featured"] = c.featured;
    o["filter_reason"] = c.filter_reason;
    o["open_reports"] = c.open_reports;
    if (c.author.user_id) o["author_user_id"] = *c.author.user_id;
    return o;
}

std::string encode_comment(const domain::Comment& c) {
    auto o = comment_object(c);
    o["replies"] = json::array{};
    o["replies_next_cursor"] = nullptr;
    return json::serialize(o);
}

std::string encode_ban(const domain::Ban& b) { return json::serialize(ban_object(b)); }
std::string encode_user(const domain::User& u) { return json::serialize(user_object(u)); }
std::string encode_install_policy(const domain::InstallPolicy& p) { return json::serialize(policy_object(p)); }
std::string encode_thread_policy(const domain::ThreadPolicy& p) { return json::serialize(thread_policy_object(p)); }
std::string encode_erase_summary(const store::EraseSummary& e) {
    return json::serialize(json::object{{"comments", e.comments},
                                        {"reports", e.reports},
                                        {"audit_entries", e.audit_entries},
                                        {"user_removed", e.user_removed}});
}

namespace {

// A person's mail data (privacy export): each address's state, the threads they stopped, and the
// mail made for them (what it was about, not its text).
json::object author_mail_object(const store::AuthorMail& m) {
    json::array addresses;
    for (const auto& a : m.addresses)
        addresses.emplace_back(json::object{{"email", a.email},
                                            {"confirmed_at", optional_time(a.confirmed_at)},
                                            {"unsubscribed_at", optional_time(a.unsubscribed_at)},
                                            {"created_at", domain::format_rfc3339(a.created_at)}});
    json::array threads;
    for (const auto& t : m.thread_unsubscribes)
        threads.emplace_back(
            json::object{{"email", t.email}, {"page", t.page}, {"at", domain::format_rfc3339(t.at)}});
    json::array messages;
    for (const auto& msg : m.messages) {
        json::object o{{"recipient", msg.recipient},
                       {"type", msg.event_type},
                       {"page", msg.page},
                       {"status", std::string(store::to_string(msg.status))},
                       {"created_at", domain::format_rfc3339(msg.created_at)},
                       {"sent_at", optional_time(msg.sent_at)}};
        if (msg.subject_id != 0) o["comment_id"] = std::to_string(msg.subject_id);
        else o["comment_id"] = nullptr;
        messages.emplace_back(std::move(o));
    }
    return json::object{{"addresses", std::move(addresses)},
                        {"thread_unsubscribes", std::move(threads)},
                        {"messages", std::move(messages)}};
}

}  // namespace

std::string encode_author_data(const store::AuthorData& d, domain::Time at) {
    json::object o;
    o["exported_at"] = domain::format_rfc3339(at);
    if (d.user) o["account"] = user_object(*d.user);
    else o["account"] = nullptr;
    json::array identities;
    for (const auto& [provider, subject] : d.identities)
        identities.emplace_back(json::object{{"provider", provider}, {"subject", subject}});
    o["identities"] = std::move(identities);
    json::array comments;
    for (const auto& rec : d.comments) {
        auto c = staff_comment_object(rec.comment);
        c["edits"] = edits_array(rec.edits);
        // Their own data: the address an import kept with the comment (never shown elsewhere).
        if (rec.author_email.empty()) c["author_email"] = nullptr;
        else c["author_email"] = rec.author_email;
        comments.emplace_back(std::move(c));
    }
    o["comments"] = std::move(comments);
    json::array reports;
    for (const auto& r : d.reports_filed) reports.emplace_back(report_object(r));
    o["reports_filed"] = std::move(reports);
    json::array bans;
    for (const auto& b : d.bans) bans.emplace_back(ban_object(b));
    o["bans"] = std::move(bans);
    o["mail"] = author_mail_object(d.mail);
    return json::serialize(o);
}

std::string comment_event_tail(std::string_view type, const domain::Comment& c) {
    auto o = comment_object(c);
    o["replies"] = json::array{};
    o["replies_next_cursor"] = nullptr;
    std::string out = "\"type\":" + json::serialize(json::string(type)) + ",\"comment\":";
    out += json::serialize(o);
    out += '}';
    return out;
}

std::string deleted_event_tail(domain::CommentId id) {
    return "\"type\":\"comment.deleted\",\"id\":\"" + std::to_string(id) + "\"}";
}

}  // namespace tribune::service
