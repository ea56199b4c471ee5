#include "http/moderation_codec.hpp"

#include "http/json_codec.hpp"
#include "http/json_internal.hpp"

namespace tribune::http {
namespace json = boost::json;
using domain::ErrorCode;
using domain::FieldError;
using domain::make_error;

namespace {

json::object item_object(const service::QueueItem& item) {
    json::object o;
    o["comment"] = staff_comment_object(item.comment);
    if (item.parent) o["parent"] = staff_comment_object(*item.parent);
    else o["parent"] = nullptr;
    if (item.article)
        o["article"] = json::object{{"slug", item.article->slug}, {"title", item.article->title}};
    else o["article"] = nullptr;
    o["author_history"] = json::object{{"approved", item.author.approved}, {"pending", item.author.pending},
                                       {"rejected", item.author.rejected}, {"spam", item.author.spam},
                                       {"deleted", item.author.deleted}};
    o["edits"] = edits_array(item.edits);
    json::array reports;
    for (const auto& r : item.reports) reports.emplace_back(report_object(r));
    o["reports"] = std::move(reports);
    return o;
}

domain::Result<std::optional<int>> optional_int(const json::object& o, const std::string& field, bool& present) {
    const auto* v = o.if_contains(field);
    present = v != nullptr;
    if (!v || v->is_null()) return std::optional<int>();
    if (!v->is_int64() || v->as_int64() < -1000000 || v->as_int64() > 1000000) return wrong_type(field, "an integer");
    return std::optional<int>(static_cast<int>(v->as_int64()));
}

domain::Result<std::optional<bool>> optional_bool(const json::object& o, const std::string& field) {
    const auto* v = o.if_contains(field);
    if (!v || v->is_null()) return std::optional<bool>();
    if (!v->is_bool()) return wrong_type(field, "true or false");
    return std::optional<bool>(v->as_bool());
}

domain::Result<std::optional<domain::Role>> optional_role(const json::object& o) {
    const auto* v = o.if_contains("role");
    if (!v || v->is_null()) return std::optional<domain::Role>();
    if (!v->is_string()) return wrong_type("role", "reader, moderator or admin");
    auto r = domain::parse_role(v->as_string());
    if (!r) return wrong_type("role", "reader, moderator or admin");
    return std::optional<domain::Role>(*r);
}

}  // namespace


std::string encode_bans(const std::vector<domain::Ban>& bans) {
    json::array a;
    for (const auto& b : bans) a.emplace_back(ban_object(b));
    return json::serialize(json::object{{"bans", std::move(a)}});
}


std::string encode_users(const std::vector<domain::User>& users) {
    json::array a;
    for (const auto& u : users) a.emplace_back(user_object(u));
    return json::serialize(json::object{{"users", std::move(a)}});
}



std::string encode_thread_state(const std::string& page, const service::EffectivePolicy& e,
                                const domain::ThreadPolicy* overrides) {
    json::object o{{"page", page},
                   {"closed", e.closed},
                   {"closed_reason", e.closed_reason},
                   {"moderation", std::string(domain::to_string(e.moderation))}};
    if (overrides) o["overrides"] = thread_policy_object(*overrides);
    return json::serialize(o);
}

std::string encode_queue(const service::QueueView& v) {
    json::array items;
    for (const auto& i : v.items) items.emplace_back(item_object(i));
    json::object counts;
    for (const auto& [q, n] : v.counts) counts[std::string(service::to_string(q))] = n;
    json::object o{{"items", std::move(items)}, {"counts", std::move(counts)}};
    if (v.next_after_id) o["next_after"] = format_id(*v.next_after_id);
    else o["next_after"] = nullptr;
    return json::serialize(o);
}

std::string encode_queue_item(const service::QueueItem& item) { return json::serialize(item_object(item)); }

std::string encode_audit(const std::vector<domain::AuditEntry>& entries) {
    json::array a;
    for (const auto& e : entries) {
        json::object o{{"id", e.id},
                       {"at", domain::format_rfc3339(e.at)},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"target", e.target}};
        if (e.actor_user_id) o["actor_user_id"] = *e.actor_user_id;
        else o["actor_user_id"] = nullptr;
        // States are stored as JSON text; show them as JSON, or as text if one is not.
        boost::system::error_code ec;
        auto before = json::parse(e.before, ec);
        o["before"] = ec ? json::value(json::string(e.before)) : std::move(before);
        auto after = json::parse(e.after, ec);
        o["after"] = ec ? json::value(json::string(e.after)) : std::move(after);
        a.emplace_back(std::move(o));
    }
    json::object out{{"entries", std::move(a)}};
    if (!entries.empty()) out["next_before"] = entries.back().id;
    else out["next_before"] = nullptr;
    return json::serialize(out);
}

std::string encode_bulk(const service::BulkOutcome& b) {
    json::array done;
    for (const auto& c : b.done) done.emplace_back(staff_comment_object(c));
    json::array failed;
    for (const auto& [id, e] : b.failed)
        failed.emplace_back(json::object{{"id", format_id(id)}, {"title", e.title}, {"detail", e.message}});
    return json::serialize(json::object{{"done", std::move(done)}, {"failed", std::move(failed)}});
}

std::string encode_report_outcome(const store::ReportOutcome& r) {
    // The reporter learns that the report was taken, not how many others there are.
    return json::serialize(json::object{{"report", json::object{{"id", r.report.id},
                                                                {"comment_id", format_id(r.report.comment_id)},
                                                                {"reason", r.report.reason}}}});
}

std::string encode_login(const domain::User& u, std::string_view csrf_token) {
    return json::serialize(json::object{{"user", user_object(u)}, {"csrf_token", csrf_token}});
}

domain::Result<LoginBody> decode_login(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    auto email = required_string(*o, "email");
    if (!email) return email.error();
    auto password = required_string(*o, "password");
    if (!password) return password.error();
    return LoginBody{std::move(*email), std::move(*password)};
}

domain::Result<BulkBody> decode_bulk(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    auto action = required_string(*o, "action");
    if (!action) return action.error();
    const auto* ids = o->if_contains("ids");
    if (!ids || !ids->is_array()) return wrong_type("ids", "an array of comment ids");
    BulkBody b;
    b.action = std::move(*action);
    for (const auto& v : ids->as_array()) {
        std::optional<domain::CommentId> id;
        if (v.is_string()) id = parse_id(v.as_string());
        else if (v.is_int64() && v.as_int64() > 0) id = v.as_int64();
        if (!id) return wrong_type("ids", "an array of comment ids");
        b.ids.push_back(*id);
    }
    return b;
}

domain::Result<service::WebhookInput> decode_webhook_input(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    service::WebhookInput in;
    for (const char* field : {"url", "secret"}) {
        const auto* v = o->if_contains(field);
        if (!v || v->is_null()) continue;
        if (!v->is_string()) return wrong_type(field, "a string");
        (std::string_view(field) == "url" ? in.url : in.secret) = std::string(v->as_string());
    }
    if (const auto* v = o->if_contains("events"); v && !v->is_null()) {
        if (!v->is_array() || v->as_array().size() > 64) return wrong_type("events", "an array of event names");
        std::vector<std::string> events;
        for (const auto& e : v->as_array()) {
            if (!e.is_string()) return wrong_type("events", "an array of event names");
            events.emplace_back(e.as_string());
        }
        in.events = std::move(events);
    }
    if (const auto* v = o->if_contains("enabled"); v && !v->is_null()) {
        if (!v->is_bool()) return wrong_type("enabled", "true or false");
        in.enabled = v->as_bool();
    }
    return in;
}

domain::Result<BanBody> decode_ban(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    BanBody b;
    bool present = false;
    auto days = optional_int(*o, "days", present);
    if (!days) return days.error();
    b.days = *days;
    if (const auto* r = o->if_contains("reason"); r && !r->is_null()) {
        if (!r->is_string()) return wrong_type("reason", "a string");
        b.reason = std::string(r->as_string());
    }
    return b;
}

domain::Result<std::optional<std::string>> decode_privacy_body(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    const auto* e = o->if_contains("email");
    if (!e || e->is_null()) return std::optional<std::string>{};
    if (!e->is_string()) return wrong_type("email", "a string");
    return std::optional<std::string>{std::string(e->as_string())};
}

domain::Result<std::string> decode_report(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    return required_string(*o, "reason");
}

domain::Result<domain::InstallPolicy> decode_install_policy(std::string_view body, domain::InstallPolicy p) {
    auto o = parse_object(body);
    if (!o) return o.error();
    if (const auto* m = o->if_contains("moderation")) {
        auto mode = m->is_string() ? domain::parse_moderation_mode(m->as_string()) : std::nullopt;
        if (!mode) return wrong_type("moderation", "pre, pre-first-time, pre-links or post");
        p.moderation = *mode;
    }
    bool present = false;
    auto days = optional_int(*o, "auto_close_days", present);
    if (!days) return days.error();
    if (present) p.auto_close_days = *days;
    auto threshold = optional_int(*o, "report_threshold", present);
    if (!threshold) return threshold.error();
    if (*threshold) p.report_threshold = **threshold;
    auto links = optional_int(*o, "max_links", present);
    if (!links) return links.error();
    if (*links) p.max_links = **links;
    auto hide = optional_bool(*o, "hide_reported");
    if (!hide) return hide.error();
    if (*hide) p.hide_reported = **hide;
    auto signin = optional_bool(*o, "signin_required");
    if (!signin) return signin.error();
    if (*signin) p.signin_required = **signin;
    auto after = optional_bool(*o, "signin_after_rejection");
    if (!after) return after.error();
    if (*after) p.signin_after_rejection = **after;
    if (const auto* w = o->if_contains("banned_words")) {
        if (!w->is_array()) return wrong_type("banned_words", "an array of strings");
        p.banned_words.clear();
        for (const auto& v : w->as_array()) {
            if (!v.is_string()) return wrong_type("banned_words", "an array of strings");
            if (!v.as_string().empty()) p.banned_words.emplace_back(v.as_string());
        }
    }
    return p;
}

domain::Result<domain::ThreadPolicy> decode_thread_policy(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    domain::ThreadPolicy p;
    auto page = required_string(*o, "page");
    if (!page) return page.error();
    p.page = std::move(*page);
    if (const auto* m = o->if_contains("moderation"); m && !m->is_null()) {
        auto mode = m->is_string() ? domain::parse_moderation_mode(m->as_string()) : std::nullopt;
        if (!mode) return wrong_type("moderation", "pre, pre-first-time, pre-links, post or null");
        p.moderation = *mode;
    }
    auto closed = optional_bool(*o, "closed");
    if (!closed) return closed.error();
    p.closed = closed->value_or(false);
    bool present = false;
    auto days = optional_int(*o, "auto_close_days", present);
    if (!days) return days.error();
    p.auto_close_days = *days;
    auto signin = optional_bool(*o, "signin_required");  // null or missing: as the install says
    if (!signin) return signin.error();
    p.signin_required = *signin;
    return p;
}

domain::Result<NewUserBody> decode_new_user(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    NewUserBody u;
    auto email = required_string(*o, "email");
    if (!email) return email.error();
    auto name = required_string(*o, "name");
    if (!name) return name.error();
    auto password = required_string(*o, "password");
    if (!password) return password.error();
    auto role = optional_role(*o);
    if (!role) return role.error();
    u.email = std::move(*email);
    u.name = std::move(*name);
    u.password = std::move(*password);
    u.role = role->value_or(domain::Role::kReader);
    return u;
}

domain::Result<UserUpdateBody> decode_user_update(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    UserUpdateBody u;
    auto role = optional_role(*o);
    if (!role) return role.error();
    u.role = *role;
    auto disabled = optional_bool(*o, "disabled");
    if (!disabled) return disabled.error();
    u.disabled = *disabled;
    return u;
}

}  // namespace tribune::http
