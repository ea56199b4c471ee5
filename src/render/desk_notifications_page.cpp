// How a staff member hears of new moderation work (GET /admin/notifications): no mail, a mail for
// each new comment or report as it comes, or a digest at most every N minutes. Their own choice.
#include "render/desk_pages.hpp"

#include "render/desk_layout.hpp"

namespace tribune::render {
namespace {

struct StaffMailModeChoice {
    std::string_view value;
    std::string_view label;
};

constexpr StaffMailModeChoice kStaffMailModes[] = {
    {"off", "No mail"},
    {"immediate", "A mail for each new comment to moderate or report, as it comes"},
    {"digest", "A digest of the new work"},
};

}  // namespace

std::string desk_notifications_page(const DeskNotificationsView& v) {
    std::string main =
        "<h1 class=\"page-title\">Notifications</h1>\n"
        "<p>How you hear of new comments waiting for a moderator and of new reports. Mail goes to the address of "
        "your account.</p>\n"
        "<section class=\"desk-panel\" aria-labelledby=\"notify-title\">\n<h2 id=\"notify-title\">Mail me</h2>\n";
    open_post_form(main, "/admin/notifications", "desk-form", v.frame.staff);
    main += "\n<fieldset>\n<legend>When there is new work</legend>\n";
    for (const auto& choice : kStaffMailModes) {
        main += "<p><label><input type=\"radio\" name=\"mode\" value=\"";
        main += choice.value;
        main += "\"";
        if (v.mode == choice.value) main += " checked";
        main += "> ";
        main += choice.label;
        main += "</label>";
        main += "</p>\n";
    }
    main += "</fieldset>\n<p><label for=\"digest-minutes\">A digest at most every (minutes)</label><br>"
            "<input type=\"number\" id=\"digest-minutes\" name=\"digest_minutes\" inputmode=\"numeric\" min=\"" +
            std::to_string(v.min_minutes) + "\" max=\"" + std::to_string(v.max_minutes) + "\" value=\"" +
            std::to_string(v.digest_minutes) + "\" required aria-describedby=\"digest-hint\"></p>\n"
            "<p class=\"desk-hint\" id=\"digest-hint\">From " + std::to_string(v.min_minutes) + " to " +
            std::to_string(v.max_minutes) + " minutes (a day). No digest is sent while there is nothing new.</p>\n"
            "<p><button type=\"submit\">Save</button></p></form>\n</section>\n";
    return desk_document(v.frame, "Notifications", main);
}

}  // namespace tribune::render
