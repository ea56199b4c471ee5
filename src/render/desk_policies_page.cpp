// Moderation policies (GET /admin/policies): the install's (admins edit it) and one thread's.
#include "render/desk_pages.hpp"

#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

std::string optional_number(const std::optional<int>& n) { return n ? std::to_string(*n) : std::string{}; }

void append_number(std::string& out, std::string_view id, std::string_view name, std::string_view label,
                   std::string_view value, std::string_view min, std::string_view hint) {
    out += "<p><label for=\"";
    out += id;
    out += "\">";
    out += label;
    out += "</label><br><input type=\"number\" id=\"";
    out += id;
    out += "\" name=\"";
    out += name;
    out += "\" min=\"";
    out += min;
    out += "\" step=\"1\" value=\"";
    append_escaped(out, value);
    out += "\">";
    if (!hint.empty()) {
        out += " <span class=\"desk-hint\">";
        out += hint;
        out += "</span>";
    }
    out += "</p>\n";
}

void append_install_form(std::string& out, const DeskPoliciesView& v) {
    const DeskInstallPolicy& p = v.install;
    const bool editable = v.frame.staff.is_admin();
    out += "<section class=\"desk-panel\" aria-labelledby=\"install-title\">\n<h2 id=\"install-title\">Whole site</h2>\n";
    if (!editable) out += "<p class=\"desk-hint\">Only admins can change these settings.</p>\n";
    open_post_form(out, "/admin/policies", "desk-form", v.frame.staff);
    out += editable ? "<fieldset>" : "<fieldset disabled>";
    out += "<legend class=\"visually-hidden\">Site policy</legend>\n<p><label for=\"install-mode\">Moderation</label><br>"
           "<select id=\"install-mode\" name=\"moderation\">";
    for (auto m : kModerationModes) append_option(out, domain::to_string(m), moderation_mode_label(m), m == p.moderation);
    out += "</select></p>\n";
    append_number(out, "install-close", "auto_close_days", "Close threads after (days)", optional_number(p.auto_close_days),
                  "1", "Blank: never");
    append_number(out, "install-threshold", "report_threshold", "Reports before a comment is in the Reported queue",
                  std::to_string(p.report_threshold), "1", "");
    out += "<p><label><input type=\"checkbox\" name=\"hide_reported\" value=\"1\"";
    if (p.hide_reported) out += " checked";
    out += "> Hide a comment until reviewed when it reaches that many reports</label></p>\n";
    out += "<p><label for=\"install-words\">Banned words, one per line</label><br><textarea id=\"install-words\" "
           "name=\"banned_words\" rows=\"6\">";
    for (const std::string& w : p.banned_words) {
        append_escaped(out, w);
        out += '\n';
    }
    out += "</textarea></p>\n";
    append_number(out, "install-links", "max_links", "Most links before a comment is held", std::to_string(p.max_links),
                  "-1", "-1: no limit");
    out += "<p><label><input type=\"checkbox\" name=\"signin_required\" value=\"1\"";
    if (p.signin_required) out += " checked";
    out += "> Only signed-in readers may comment</label></p>\n<p><label><input type=\"checkbox\" "
           "name=\"signin_after_rejection\" value=\"1\"";
    if (p.signin_after_rejection) out += " checked";
    out += "> A reader whose comment was rejected must sign in to comment again</label></p>\n";
    if (editable) out += "<p><button type=\"submit\">Save site policy</button></p>\n";
    out += "</fieldset></form>\n</section>\n";
}

void append_thread_form(std::string& out, const DeskPoliciesView& v) {
    out += "<section class=\"desk-panel\" aria-labelledby=\"thread-title\">\n<h2 id=\"thread-title\">One thread</h2>\n"
           "<form class=\"desk-search\" method=\"get\" action=\"/admin/policies\"><label for=\"thread-find\">Page key"
           "</label> <input type=\"text\" id=\"thread-find\" name=\"page\" placeholder=\"/articles/slug\" value=\"";
    append_escaped(out, v.thread_page);
    out += "\"> <button type=\"submit\">Load</button></form>\n";
    const domain::ThreadPolicy blank;
    const domain::ThreadPolicy& t = v.thread ? *v.thread : blank;
    open_post_form(out, "/admin/policies/thread", "desk-form", v.frame.staff);
    out += "<p><label for=\"thread-page\">Page key</label><br><input type=\"text\" id=\"thread-page\" name=\"page\" "
           "required placeholder=\"/articles/slug\" value=\"";
    append_escaped(out, v.thread ? t.page : v.thread_page);
    out += "\"></p>\n<p><label for=\"thread-mode\">Moderation</label><br><select id=\"thread-mode\" name=\"moderation\">";
    append_option(out, "", "Same as the whole site", !t.moderation);
    for (auto m : kModerationModes) append_option(out, domain::to_string(m), moderation_mode_label(m), t.moderation == m);
    out += "</select></p>\n<p><label><input type=\"checkbox\" name=\"closed\" value=\"1\"";
    if (t.closed) out += " checked";
    out += "> Closed: no new comments</label></p>\n";
    append_number(out, "thread-close", "auto_close_days", "Close after (days)", optional_number(t.auto_close_days), "1",
                  "Blank: as the whole site");
    out += "<p><label for=\"thread-signin\">Who may comment</label><br><select id=\"thread-signin\" "
           "name=\"signin_required\">";
    append_option(out, "", "Same as the whole site", !t.signin_required);
    append_option(out, "1", "Signed-in readers only", t.signin_required == true);
    append_option(out, "0", "Anyone, signed in or not", t.signin_required == false);
    out += "</select></p>\n";
    out += "<p><button type=\"submit\">Save thread policy</button></p></form>\n</section>\n";
}

}  // namespace

std::string desk_policies_page(const DeskPoliciesView& v) {
    std::string main = "<h1 class=\"page-title\">Policies</h1>\n";
    append_install_form(main, v);
    append_thread_form(main, v);
    return desk_document(v.frame, "Policies", main);
}

}  // namespace tribune::render
