// The desk's other pages: bans, the audit log, accounts, policies and privacy requests, with
// their forms (POST-redirect-GET; a failed form is shown again with its message).
#include <algorithm>

#include "domain/email_address.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/desk_support.hpp"
#include "http/json_codec.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "render/desk_pages.hpp"
#include "render/html_escape.hpp"

namespace tribune::http::desk {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr int kAuditPageSize = 50;

domain::Error field_error(std::string field, std::string title, std::string message) {
    std::string detail = message;
    return make_error(ErrorCode::kInvalid, std::move(title), std::move(message),
                      {domain::FieldError{std::move(field), std::move(detail)}});
}

domain::Error admins_only(std::string_view what) {
    return make_error(ErrorCode::kForbidden, "Admins only", "only admins can " + std::string(what));
}


template <auto Page>
Response get_page(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    return Page(s, req, d);
}

}  // namespace

namespace admin {

// --- Bans ----------------------------------------------------------------------------------------

Response lift_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    const auto id = parse_int(req.path_params[0]);
    if (!id || *id <= 0)
        return failed(s, req, *p.desk, make_error(ErrorCode::kNotFound, "Ban not found", "there is no such ban"),
                      "/admin/bans");
    auto lifted = lift_ban(s, *id, p.desk->who);
    if (!lifted) return failed(s, req, *p.desk, lifted.error(), "/admin/bans");
    if (wants_json(req)) {
        Response r = json_response(200, "{\"ban\":{\"id\":\"" + std::to_string(lifted->id) + "\",\"lifted\":true}}");
        r.set("Cache-Control", "no-store");
        return r;
    }
    return succeeded("/admin/bans", "lift", 1);
}

// --- Users ---------------------------------------------------------------------------------------

// The users page with the create form filled in again and the reason it failed.
Response users_with_form(Services& s, const Request& req, Desk& d, const domain::Error& e, const QueryParams& form) {
    if (wants_json(req)) return problem(e);
    d.frame.section = render::DeskSection::kUsers;
    d.frame.notices.push_back(render::DeskNotice{false, message_of(e)});
    render::DeskUsersView v;
    v.frame = d.frame;
    if (auto users = list_users(s, d.who)) v.users = std::move(*users);
    v.new_email = std::string(field(form, "email"));
    v.new_name = std::string(field(form, "name"));
    v.new_role = domain::parse_role(field(form, "role")).value_or(domain::Role::kModerator);
    return desk_html(status_of(e.code), render::desk_users_page(v));
}

Response create_user_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    const auto role = domain::parse_role(field(p.form, "role"));
    if (!role)
        return users_with_form(s, req, *p.desk, field_error("role", "Choose a role", "reader, moderator or admin"),
                               p.form);
    auto made = create_user(s, field(p.form, "email"), field(p.form, "name"), *role, field(p.form, "password"),
                            p.desk->who);
    if (!made) return users_with_form(s, req, *p.desk, made.error(), p.form);
    return succeeded("/admin/users", "user-created", 1);
}

Response update_user_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    const auto id = parse_int(req.path_params[0]);
    if (!id || *id <= 0)
        return failed(s, req, *p.desk, make_error(ErrorCode::kNotFound, "Account not found", "there is no such account"),
                      "/admin/users");
    std::optional<domain::Role> role;
    if (auto wanted = field(p.form, "role"); !wanted.empty()) {
        role = domain::parse_role(wanted);
        if (!role)
            return failed(s, req, *p.desk, field_error("role", "Choose a role", "reader, moderator or admin"),
                          "/admin/users");
    }
    // An unticked checkbox sends nothing: the form always means "disabled = whether it is ticked".
    const bool disabled = !field(p.form, "disabled").empty();
    auto saved = update_user(s, *id, role, disabled, p.desk->who);
    if (!saved) return failed(s, req, *p.desk, saved.error(), "/admin/users");
    return succeeded("/admin/users", "user-saved", 1);
}

// --- Policies ------------------------------------------------------------------------------------

render::DeskInstallPolicy desk_policy(const service::InstallPolicy& p) {
    return render::DeskInstallPolicy{p.moderation,   p.auto_close_days, p.report_threshold,       p.hide_reported,
                                     p.banned_words, p.max_links,       p.signin_required, p.signin_after_rejection};
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.empty() && std::find(out.begin(), out.end(), line) == out.end()) out.emplace_back(line);
    }
    return out;
}

// Blank: nullopt. Else a whole number of days, at least 1.
domain::Result<std::optional<int>> days_field(const QueryParams& form) {
    const auto text = field(form, "auto_close_days");
    if (text.empty()) return std::optional<int>{};
    const auto n = parse_int(text);
    if (!n || *n < 1 || *n > 36500)
        return field_error("auto_close_days", "Invalid number of days", "close after 1 to 36500 days, or leave it blank");
    return std::optional<int>{static_cast<int>(*n)};
}

domain::Result<service::InstallPolicy> install_from(const QueryParams& form) {
    service::InstallPolicy p;
    const auto mode = domain::parse_moderation_mode(field(form, "moderation"));
    if (!mode) return field_error("moderation", "Choose a moderation mode", "pre, pre-first-time, pre-links or post");
    p.moderation = *mode;
    auto days = days_field(form);
    if (!days) return days.error();
    p.auto_close_days = *days;
    const auto threshold = parse_int(field(form, "report_threshold"));
    if (!threshold || *threshold < 1 || *threshold > 1000)
        return field_error("report_threshold", "Invalid report threshold", "a number from 1 to 1000");
    p.report_threshold = static_cast<int>(*threshold);
    p.hide_reported = !field(form, "hide_reported").empty();
    p.banned_words = lines_of(field(form, "banned_words"));
    const auto links = parse_int(field(form, "max_links"));
    if (!links || *links < -1 || *links > 1000)
        return field_error("max_links", "Invalid link limit", "a number from 0 to 1000, or -1 for no limit");
    p.max_links = static_cast<int>(*links);
    p.signin_required = !field(form, "signin_required").empty();
    p.signin_after_rejection = !field(form, "signin_after_rejection").empty();
    return p;
}

// The policies page showing `shown` in the install form (what was typed, after a failure).
Response policies_with(const Request& req, Desk& d, const domain::Error& e,
                       const render::DeskInstallPolicy& shown) {
    if (wants_json(req)) return problem(e);
    d.frame.section = render::DeskSection::kPolicies;
    d.frame.notices.push_back(render::DeskNotice{false, message_of(e)});
    render::DeskPoliciesView v;
    v.frame = d.frame;
    v.install = shown;
    return desk_html(status_of(e.code), render::desk_policies_page(v));
}

Response install_policy_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    auto wanted = install_from(p.form);
    if (!wanted) {
        render::DeskInstallPolicy shown;
        if (auto current = install_policy(s)) shown = desk_policy(*current);
        shown.banned_words = lines_of(field(p.form, "banned_words"));
        return policies_with(req, *p.desk, wanted.error(), shown);
    }
    auto saved = set_install_policy(s, *wanted, p.desk->who);
    if (!saved) return policies_with(req, *p.desk, saved.error(), desk_policy(*wanted));
    return succeeded("/admin/policies", "policy", 1);
}

Response thread_policy_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    domain::ThreadPolicy t;
    t.page = std::string(field(p.form, "page"));
    const std::string back = "/admin/policies" + (t.page.empty() ? std::string{} : "?page=" + render::url_encode(t.page));
    if (t.page.empty())
        return failed(s, req, *p.desk, field_error("page", "Which thread?", "give the page key, e.g. /articles/slug"),
                      back);
    if (auto mode = field(p.form, "moderation"); !mode.empty()) {
        t.moderation = domain::parse_moderation_mode(mode);
        if (!t.moderation)
            return failed(s, req, *p.desk,
                          field_error("moderation", "Choose a moderation mode", "pre, pre-first-time, pre-links or post"),
                          back);
    }
    t.closed = !field(p.form, "closed").empty();
    auto days = days_field(p.form);
    if (!days) return failed(s, req, *p.desk, days.error(), back);
    t.auto_close_days = *days;
    if (const auto signin = field(p.form, "signin_required"); signin == "1" || signin == "0") t.signin_required = signin == "1";
    auto saved = set_thread_policy(s, t, p.desk->who);
    if (!saved) return failed(s, req, *p.desk, saved.error(), back);
    return succeeded(back, "thread-policy", 1);
}

// --- Privacy -------------------------------------------------------------------------------------

// Which commenter a privacy form names: a comment id, an account id or an email, exactly one
// (the use case checks the address, service/privacy.cpp).
struct PrivacyForm {
    std::string_view comment;
    std::string_view user;
    std::string_view email;
};

domain::Result<service::AuthorRef> author_ref(const PrivacyForm& f) {
    service::AuthorRef ref;
    if (!f.comment.empty()) {
        ref.comment_id = parse_id(f.comment);
        if (!ref.comment_id) return field_error("comment", "Invalid comment id", "a comment id is a positive number");
    }
    if (!f.user.empty()) {
        const auto n = parse_int(f.user);
        if (!n || *n <= 0) return field_error("user", "Invalid account id", "an account id is a positive number");
        ref.user_id = *n;
    }
    if (!f.email.empty()) ref.email = std::string(f.email);
    if (int{ref.comment_id.has_value()} + int{ref.user_id.has_value()} + int{ref.email.has_value()} != 1)
        return field_error("comment", "Name one commenter", "fill in one of the comment id, the account id or the email");
    return ref;
}

Response privacy_with(Desk& d, const domain::Error& e, const PrivacyForm& f) {
    d.frame.section = render::DeskSection::kPrivacy;
    d.frame.notices.push_back(render::DeskNotice{false, message_of(e)});
    render::DeskPrivacyView v;
    v.frame = d.frame;
    v.comment_id = std::string(f.comment);
    v.user_id = std::string(f.user);
    // Shown again to the admin who typed it, unless longer than any address (then it is no use).
    if (f.email.size() <= domain::kMaxEmailBytes) v.email = std::string(f.email);
    return desk_html(status_of(e.code), render::desk_privacy_page(v));
}

Response export_get(Services& s, Request& req, const Identity& who) {
    std::optional<Desk> gate = open_desk(s, req, who);
    const PrivacyForm form{req.query_param("comment").value_or(""), req.query_param("user").value_or(""),
                           req.query_param("email").value_or("")};
    auto ref = author_ref(form);
    if (!ref) return privacy_with(*gate, ref.error(), form);
    auto json = export_author(s, *ref, gate->who);
    if (!json) return privacy_with(*gate, json.error(), form);
    // The file name never carries the address.
    const std::string name = ref->comment_id ? "comment-" + format_id(*ref->comment_id)
                             : ref->user_id  ? "user-" + std::to_string(*ref->user_id)
                                             : std::string("email");
    Response r = json_response(200, std::move(*json));
    r.set("Content-Disposition", "attachment; filename=\"tribune-export-" + name + ".json\"");
    r.set("Cache-Control", "no-store");
    r.set("X-Content-Type-Options", "nosniff");
    return r;
}

Response erase_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_desk_post(s, req, who);
    if (!p.desk) return p.refusal;
    const PrivacyForm form{field(p.form, "comment"), field(p.form, "user"), field(p.form, "email")};
    auto ref = author_ref(form);
    if (!ref) return privacy_with(*p.desk, ref.error(), form);
    if (field(p.form, "confirm").empty())
        return privacy_with(*p.desk, field_error("confirm", "Please confirm", "tick the box to confirm the erasure"),
                            form);
    auto erased = erase_author(s, *ref, p.desk->who);
    if (!erased) return privacy_with(*p.desk, erased.error(), form);
    return succeeded("/admin/privacy", "erase", erased->comments);
}

Response bans_get(Services& s, Request& req, const Identity& who) { return get_page<bans_page>(s, req, who); }
Response audit_get(Services& s, Request& req, const Identity& who) { return get_page<audit_page>(s, req, who); }
Response users_get(Services& s, Request& req, const Identity& who) { return get_page<users_page>(s, req, who); }
Response policies_get(Services& s, Request& req, const Identity& who) { return get_page<policies_page>(s, req, who); }
Response privacy_get(Services& s, Request& req, const Identity& who) { return get_page<privacy_page>(s, req, who); }

}  // namespace admin

Response bans_page(Services& s, const Request&, Desk& d) {
    d.frame.section = render::DeskSection::kBans;
    auto bans = list_bans(s, d.who);
    if (!bans) return desk_error(s, &d, bans.error());
    render::DeskBansView v;
    v.frame = d.frame;
    for (auto& b : *bans)
        if (b.active_at(d.frame.now)) v.bans.push_back(std::move(b));
    return desk_html(200, render::desk_bans_page(v));
}

Response audit_page(Services& s, const Request& req, Desk& d) {
    d.frame.section = render::DeskSection::kAudit;
    std::optional<std::int64_t> before;
    if (auto text = req.query_param("before"); text && !text->empty()) {
        before = parse_int(*text);
        if (!before || *before <= 0) return desk_error(s, &d, 400, "Bad page link", "This link to older entries is broken.");
    }
    const std::string target(req.query_param("target").value_or(""));
    auto entries = list_audit(s, d.who, before, kAuditPageSize, target);
    if (!entries) return desk_error(s, &d, entries.error());
    render::DeskAuditView v;
    v.frame = d.frame;
    v.target = target;
    v.is_continuation = before.has_value();
    if (entries->size() >= static_cast<std::size_t>(kAuditPageSize)) v.older_before_id = entries->back().id;
    v.entries = std::move(*entries);
    return desk_html(200, render::desk_audit_page(v));
}

Response users_page(Services& s, const Request&, Desk& d) {
    d.frame.section = render::DeskSection::kUsers;
    auto users = list_users(s, d.who);
    if (!users) return desk_error(s, &d, users.error());
    render::DeskUsersView v;
    v.frame = d.frame;
    v.users = std::move(*users);
    return desk_html(200, render::desk_users_page(v));
}

Response policies_page(Services& s, const Request& req, Desk& d) {
    d.frame.section = render::DeskSection::kPolicies;
    auto install = install_policy(s);
    if (!install) return desk_error(s, &d, install.error());
    render::DeskPoliciesView v;
    v.frame = d.frame;
    v.install = admin::desk_policy(*install);
    v.thread_page = std::string(req.query_param("page").value_or(""));
    if (!v.thread_page.empty()) {
        auto t = thread_policy(s, v.thread_page);
        if (t) v.thread = std::move(*t);
        else if (t.error().code != ErrorCode::kNotFound) return desk_error(s, &d, t.error());
    }
    return desk_html(200, render::desk_policies_page(v));
}

Response privacy_page(Services& s, const Request& req, Desk& d) {
    d.frame.section = render::DeskSection::kPrivacy;
    if (!d.frame.staff.is_admin()) return desk_error(s, &d, admins_only("handle privacy requests"));
    render::DeskPrivacyView v;
    v.frame = d.frame;
    v.comment_id = std::string(req.query_param("comment").value_or(""));
    v.user_id = std::string(req.query_param("user").value_or(""));
    if (const auto email = req.query_param("email").value_or(""); email.size() <= domain::kMaxEmailBytes)
        v.email = std::string(email);
    return desk_html(200, render::desk_privacy_page(v));
}

}  // namespace tribune::http::desk
