// Privacy requests (GET /admin/privacy, admins): export or erase what is stored about a commenter.
#include "render/desk_pages.hpp"

#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

void append_who(std::string& out, const DeskPrivacyView& v, std::string_view prefix) {
    out += "<p><label for=\"";
    out += prefix;
    out += "-comment\">Comment id</label><br><input type=\"text\" inputmode=\"numeric\" id=\"";
    out += prefix;
    out += "-comment\" name=\"comment\" value=\"";
    append_escaped(out, v.comment_id);
    out += "\"></p>\n<p><label for=\"";
    out += prefix;
    out += "-user\">or account id</label><br><input type=\"text\" inputmode=\"numeric\" id=\"";
    out += prefix;
    out += "-user\" name=\"user\" value=\"";
    append_escaped(out, v.user_id);
    out += "\"></p>\n<p><label for=\"";
    out += prefix;
    out += "-email\">or email (comments imported from another system)</label><br><input type=\"email\" "
           "maxlength=\"254\" autocomplete=\"off\" id=\"";
    out += prefix;
    out += "-email\" name=\"email\" value=\"";
    append_escaped(out, v.email);
    out += "\"></p>\n";
}

}  // namespace

std::string desk_privacy_page(const DeskPrivacyView& v) {
    std::string main =
        "<h1 class=\"page-title\">Privacy</h1>\n"
        "<p>Find a commenter by one of their comments, by their account, or by the email kept with the comments "
        "imported from another system.</p>\n"
        "<section class=\"desk-panel\" aria-labelledby=\"export-title\">\n<h2 id=\"export-title\">Export</h2>\n"
        "<p class=\"desk-hint\">Everything stored about the commenter, as a JSON file.</p>\n"
        "<form method=\"get\" action=\"/admin/privacy/export\" class=\"desk-form\">\n";
    append_who(main, v, "export");
    main += "<p><button type=\"submit\">Export JSON</button></p></form>\n</section>\n"
            "<section class=\"desk-panel desk-danger\" aria-labelledby=\"erase-title\">\n<h2 id=\"erase-title\">Erase</h2>\n"
            "<p class=\"desk-hint\">Their comments become tombstones, their reports are removed, and their text is "
            "scrubbed from the audit log. This cannot be undone.</p>\n";
    open_post_form(main, "/admin/privacy/erase", "desk-form", v.frame.staff);
    main += "\n";
    append_who(main, v, "erase");
    main += "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> I understand that this erases "
            "the commenter's data for good</label></p>\n<p><button type=\"submit\" class=\"desk-danger-button\">Erase"
            "</button></p></form>\n</section>\n";
    return desk_document(v.frame, "Privacy", main);
}

}  // namespace tribune::render
