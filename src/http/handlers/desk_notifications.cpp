// How each staff member hears of new moderation work: the desk page (GET/POST
// /admin/notifications) and the API (GET/PUT /api/v1/me/notifications). Each is the caller's own
// choice (service/notifications.hpp); the admin token, which is nobody's account, is refused.
#include "http/handlers/desk_support.hpp"
#include "http/handlers/handlers.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"
#include "render/desk_pages.hpp"
#include "service/notifications.hpp"

namespace tribune::http {
namespace desk {

Response notifications_page(Services& s, const Request&, Desk& d) {
    d.frame.section = render::DeskSection::kNotifications;
    auto choice = service::my_mail_choice(s, d.who);
    if (!choice) return desk_error(s, &d, choice.error());
    render::DeskNotificationsView v;
    v.frame = d.frame;
    v.mode = std::move(choice->mode);
    v.digest_minutes = choice->digest_minutes;
    v.min_minutes = service::kMinDigestMinutes;
    v.max_minutes = service::kMaxDigestMinutes;
    return desk_html(200, render::desk_notifications_page(v));
}

namespace notifications {

Response page_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    return notifications_page(s, req, d);
}

Response save_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    service::StaffMailChoice choice;
    choice.mode = std::string(field(*form, "mode"));
    // Blank keeps the default; not a number or out of range gets the use case's message (5 to 1440).
    if (const auto raw = field(*form, "digest_minutes"); !raw.empty()) {
        const auto minutes = parse_int(raw);
        choice.digest_minutes = minutes && *minutes >= 0 && *minutes <= service::kMaxDigestMinutes
                                    ? static_cast<int>(*minutes)
                                    : -1;
    }
    auto saved = service::set_my_mail_choice(s, d.who, choice);
    if (!saved) return failed(s, req, d, saved.error(), "/admin/notifications");
    return succeeded("/admin/notifications", "notifications", 1);
}

}  // namespace notifications
}  // namespace desk

namespace notifications_api {

Response get_mine(Services& s, Request&, const Identity& who) {
    auto choice = service::my_mail_choice(s, who);
    if (!choice) return problem(choice.error());
    return json_response(200, encode_mail_choice(*choice));
}

Response put_mine(Services& s, Request& req, const Identity& who) {
    auto choice = decode_mail_choice(req.body);
    if (!choice) return problem(choice.error());
    auto saved = service::set_my_mail_choice(s, who, *choice);
    if (!saved) return problem(saved.error());
    return json_response(200, encode_mail_choice(*saved));
}

}  // namespace notifications_api
}  // namespace tribune::http
