#pragma once
// What the desk's page handlers share (handlers/desk_pages.cpp, handlers/desk_admin_pages.cpp):
// the desk of a caller the route's guard let in, PRG answers, error pages, and the page builders that a failed form
// re-renders with its message. Internal to http/handlers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/identity.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "render/desk_views.hpp"

namespace tribune::http::desk {

/// A request the guard let in (a staff member), and the frame of the page to answer with.
struct Desk {
    Identity who;
    render::DeskFrame frame;
};

/// The desk for `who`; the frame carries the notices of `done`/`failed` in the query.
Desk open_desk(Services& s, const Request& req, const Identity& who);

/// Whether the client asked for JSON (desk.js) rather than a page.
bool wants_json(const Request& req);

/// A desk page: never cached, never framed by another site.
Response desk_html(int status, std::string body);

/// The desk's error page (the frame of `d`, or no frame at all).
Response desk_error(Services& s, const Desk* d, int status, std::string title, std::string message);
Response desk_error(Services& s, const Desk* d, const domain::Error& e);

/// "Title. Message." from an Error, for a notice.
std::string message_of(const domain::Error& e);

/// `wanted` when it is a local desk URL ("/admin", "/admin/...", "/admin?..."), else `fallback`.
std::string safe_desk_path(std::string_view wanted, std::string fallback);

/// A failed form: problem+json for JSON clients, else the page at `return_to` again with the
/// message, under the error's status.
Response failed(Services& s, const Request& req, Desk& d, const domain::Error& e, std::string_view return_to);

/// A done form (PRG): 303 to `return_to` with `done` (and `failed` when non-zero) in its query.
Response succeeded(std::string_view return_to, std::string_view done, std::int64_t count, std::int64_t failed = 0);

/// The start of a desk form's POST (the guard checked the caller and the CSRF field): its fields
/// and the desk, or (no desk) the refusal to answer with.
struct DeskPost {
    QueryParams form;
    std::optional<Desk> desk;
    Response refusal;
};
DeskPost begin_desk_post(Services& s, const Request& req, const Identity& who);
/// The form fields of a POST (nullopt: unreadable body).
std::optional<QueryParams> form_of(const Request& req);

/// First value of a form field ("" when absent).
std::string_view field(const QueryParams& form, std::string_view name);

/// A whole decimal integer (sign allowed), nullopt otherwise.
std::optional<std::int64_t> parse_int(std::string_view s);

/// The page at `path` (a safe desk URL) rendered for `d`: used to show a failed form again.
Response render_path(Services& s, Desk& d, std::string_view path);

// Page builders: each answers GET for `req` (path, query, path_params) with `d`'s frame.
Response queue_page(Services& s, const Request& req, Desk& d);
Response item_page(Services& s, const Request& req, Desk& d);
Response bans_page(Services& s, const Request& req, Desk& d);
Response audit_page(Services& s, const Request& req, Desk& d);
Response users_page(Services& s, const Request& req, Desk& d);
Response policies_page(Services& s, const Request& req, Desk& d);
Response privacy_page(Services& s, const Request& req, Desk& d);
Response webhooks_page(Services& s, const Request& req, Desk& d);
Response notifications_page(Services& s, const Request& req, Desk& d);

}  // namespace tribune::http::desk
