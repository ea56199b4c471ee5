// The desk's login form (GET /admin/login) and its error pages.
#include "render/desk_pages.hpp"

#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {

std::string desk_login_page(const DeskLoginView& v) {
    DeskFrame frame;
    frame.site = v.site;
    frame.staff.role = domain::Role::kReader;  // nobody yet: no nav, no log out form
    if (!v.notice.empty()) frame.notices.push_back(DeskNotice{true, v.notice});
    if (!v.error.empty()) frame.notices.push_back(DeskNotice{false, v.error});
    std::string main =
        "<section class=\"desk-login\">\n<h1 class=\"page-title\">Log in to the desk</h1>\n"
        "<form method=\"post\" action=\"/admin/login\" class=\"desk-form\">";
    append_hidden(main, "next", v.next);
    main +=
        "<p><label for=\"login-email\">Email</label><br><input type=\"email\" id=\"login-email\" name=\"email\" "
        "autocomplete=\"username\" required autofocus value=\"";
    append_escaped(main, v.email);
    main +=
        "\"></p>\n<p><label for=\"login-password\">Password</label><br><input type=\"password\" id=\"login-password\" "
        "name=\"password\" autocomplete=\"current-password\" required></p>\n"
        "<p><button type=\"submit\">Log in</button></p>\n</form>\n</section>\n";
    return desk_document(frame, "Log in", main);
}

std::string desk_error_page(const DeskErrorView& v) {
    const std::string title = std::to_string(v.status) + (v.title.empty() ? "" : " " + v.title);
    std::string main = "<section class=\"error-page\">\n<h1>";
    append_escaped(main, title);
    main += "</h1>\n";
    if (!v.message.empty()) {
        main += "<p>";
        append_escaped(main, v.message);
        main += "</p>\n";
    }
    const std::string_view back = is_safe_url(v.back_href) ? std::string_view(v.back_href) : "/admin";
    main += "<p><a href=\"";
    append_escaped(main, back);
    main += "\">Go back</a></p>\n</section>\n";
    return desk_document(v.frame, title, main);
}

}  // namespace tribune::render
