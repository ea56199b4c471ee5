// Staff and reader accounts (GET /admin/users): the list, and for admins the forms that create
// accounts, change roles and disable them.
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

constexpr domain::Role kRoles[] = {domain::Role::kReader, domain::Role::kAuthor, domain::Role::kEditor,
                                   domain::Role::kModerator, domain::Role::kAdmin};

void append_role_select(std::string& out, std::string_view id, domain::Role selected) {
    out += "<select id=\"";
    append_escaped(out, id);
    out += "\" name=\"role\">";
    for (domain::Role r : kRoles) append_option(out, domain::to_string(r), role_label(r), r == selected);
    out += "</select>";
}

void append_user_row(std::string& out, const domain::User& u, const DeskUsersView& v) {
    const std::string id = std::to_string(u.id);
    out += "<tr id=\"user-" + id + "\"";
    if (u.disabled) out += " class=\"is-disabled\"";
    out += "><td>";
    append_escaped(out, u.name);
    out += "</td><td>";
    append_escaped(out, u.email);
    out += "</td><td>";
    out += date_element(u.created_at);
    out += "</td><td>";
    if (!v.frame.staff.is_admin()) {
        out += role_label(u.role);
        if (u.disabled) out += " <span class=\"status-label\">Disabled</span>";
        out += "</td></tr>\n";
        return;
    }
    open_post_form(out, "/admin/users/" + id, "desk-user-form", v.frame.staff);
    out += "<label class=\"visually-hidden\" for=\"role-" + id + "\">Role</label>";
    append_role_select(out, "role-" + id, u.role);
    out += " <label><input type=\"checkbox\" name=\"disabled\" value=\"1\"";
    if (u.disabled) out += " checked";
    out += "> Disabled</label> <button type=\"submit\">Save</button></form></td></tr>\n";
}

void append_create_form(std::string& out, const DeskUsersView& v) {
    out += "<section class=\"desk-panel\" aria-labelledby=\"new-user-title\">\n<h2 id=\"new-user-title\">New account</h2>\n";
    open_post_form(out, "/admin/users", "desk-form", v.frame.staff);
    out += "<p><label for=\"new-email\">Email</label><br><input type=\"email\" id=\"new-email\" name=\"email\" required "
           "autocomplete=\"off\" value=\"";
    append_escaped(out, v.new_email);
    out += "\"></p>\n<p><label for=\"new-name\">Name</label><br><input type=\"text\" id=\"new-name\" name=\"name\" "
           "required maxlength=\"80\" value=\"";
    append_escaped(out, v.new_name);
    out += "\"></p>\n<p><label for=\"new-role\">Role</label><br>";
    append_role_select(out, "new-role", v.new_role);
    out += "</p>\n<p><label for=\"new-password\">Password (at least 10 characters)</label><br><input type=\"password\" "
           "id=\"new-password\" name=\"password\" required minlength=\"10\" autocomplete=\"new-password\"></p>\n"
           "<p><button type=\"submit\">Create account</button></p></form>\n</section>\n";
}

}  // namespace

std::string desk_users_page(const DeskUsersView& v) {
    std::string main = "<h1 class=\"page-title\">Users</h1>\n";
    if (v.users.empty()) {
        main += "<p class=\"empty-state\">No accounts yet.</p>\n";
    } else {
        main += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">Name</th>"
                "<th scope=\"col\">Email</th><th scope=\"col\">Since</th><th scope=\"col\">Role</th></tr></thead>\n"
                "<tbody>\n";
        for (const domain::User& u : v.users) append_user_row(main, u, v);
        main += "</tbody></table></div>\n";
    }
    if (v.frame.staff.is_admin()) append_create_form(main, v);
    return desk_document(v.frame, "Users", main);
}

}  // namespace tribune::render
