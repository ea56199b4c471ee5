#include "render/desk_layout.hpp"

#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

// Who sees a desk section: the comment desk's staff, admins only, or the newsroom's writers.
enum class NavFor { kStaff, kAdmin, kWriters };

struct NavLink {
    DeskSection section;
    std::string_view href;
    std::string_view label;
    NavFor for_whom;
};

constexpr NavLink kNav[] = {
    {DeskSection::kQueue, "/admin", "Queue", NavFor::kStaff},
    {DeskSection::kArticles, "/admin/articles", "Articles", NavFor::kWriters},
    {DeskSection::kBans, "/admin/bans", "Bans", NavFor::kStaff},
    {DeskSection::kAudit, "/admin/audit", "Audit", NavFor::kAdmin},
    {DeskSection::kUsers, "/admin/users", "Users", NavFor::kAdmin},
    {DeskSection::kPolicies, "/admin/policies", "Policies", NavFor::kStaff},
    {DeskSection::kPrivacy, "/admin/privacy", "Privacy", NavFor::kAdmin},
    {DeskSection::kImport, "/admin/import", "Import", NavFor::kAdmin},
    {DeskSection::kWebhooks, "/admin/webhooks", "Webhooks", NavFor::kAdmin},
    {DeskSection::kNotifications, "/admin/notifications", "Notifications", NavFor::kStaff},
};

bool shows(const NavLink& link, domain::Role role) {
    switch (link.for_whom) {
        case NavFor::kStaff: return domain::is_staff(role);
        case NavFor::kAdmin: return role == domain::Role::kAdmin;
        case NavFor::kWriters: return domain::writes_articles(role);
    }
    return false;
}

void append_head(std::string& out, const DeskFrame& frame, std::string_view title) {
    out +=
        "<!DOCTYPE html>\n"
        "<html lang=\"en\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n"
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        "<meta name=\"referrer\" content=\"same-origin\">\n";
    if (!frame.staff.csrf_token.empty()) {
        out += "<meta name=\"csrf-token\" content=\"";
        append_escaped(out, frame.staff.csrf_token);
        out += "\">\n";
    }
    out += "<title>";
    append_escaped(out, title);
    out += " \xC2\xB7 Desk \xC2\xB7 ";  // U+00B7 middle dot
    append_escaped(out, frame.site.name);
    out +=
        "</title>\n"
        "<link rel=\"stylesheet\" href=\"/static/tribune.css\">\n"
        "<link rel=\"stylesheet\" href=\"/static/desk.css\">\n"
        "<script src=\"/static/desk.js\" defer></script>\n"
        "</head>\n";
}

void append_nav(std::string& out, const DeskFrame& frame) {
    const DeskStaff& staff = frame.staff;
    // A writer who is not on the comment desk starts at the articles.
    out += domain::is_staff(staff.role) || !domain::writes_articles(staff.role)
               ? "<header class=\"desk-header\">\n<a class=\"site-name\" href=\"/admin\">"
               : "<header class=\"desk-header\">\n<a class=\"site-name\" href=\"/admin/articles\">";
    append_escaped(out, frame.site.name);
    out += " <span class=\"desk-name\">Desk</span></a>\n";
    if (domain::is_staff(staff.role) || domain::writes_articles(staff.role)) {
        out += "<nav class=\"desk-nav\" aria-label=\"Desk\"><ul>\n";
        for (const NavLink& link : kNav) {
            if (!shows(link, staff.role)) continue;
            out += "<li><a href=\"";
            out += link.href;
            out += "\"";
            if (link.section == frame.section) out += " aria-current=\"page\"";
            out += ">";
            out += link.label;
            out += "</a></li>\n";
        }
        out += "</ul></nav>\n";
    }
    if (!staff.name.empty()) {
        out += "<div class=\"desk-staff\"><span class=\"desk-staff-name\">";
        append_escaped(out, staff.name);
        out += "</span> <span class=\"badge badge-role badge-role-";
        out += domain::to_string(staff.role);
        out += "\">";
        out += role_label(staff.role);
        out += "</span>\n";
        open_post_form(out, "/admin/logout", "desk-logout", staff);
        out += "<button type=\"submit\">Log out</button></form></div>\n";
    }
    out += "</header>\n";
}

}  // namespace

std::string desk_document(const DeskFrame& frame, std::string_view title, std::string_view main_html) {
    std::string out;
    out.reserve(main_html.size() + 3072);
    append_head(out, frame, title);
    out += "<body class=\"desk\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n";
    append_nav(out, frame);
    out += "<main id=\"main\" class=\"desk-main\">\n";
    append_notices(out, frame.notices);
    out += main_html;
    out +=
        "</main>\n"
        "<div class=\"visually-hidden\" role=\"status\" aria-live=\"polite\" data-desk-live></div>\n"
        "</body>\n"
        "</html>\n";
    return out;
}

void append_hidden(std::string& out, std::string_view name, std::string_view value) {
    out += "<input type=\"hidden\" name=\"";
    append_escaped(out, name);
    out += "\" value=\"";
    append_escaped(out, value);
    out += "\">";
}

void append_csrf_field(std::string& out, const DeskStaff& staff) { append_hidden(out, "csrf_token", staff.csrf_token); }

void open_post_form(std::string& out, std::string_view action, std::string_view css_class, const DeskStaff& staff) {
    out += "<form method=\"post\" action=\"";
    append_escaped(out, action);
    out += "\"";
    if (!css_class.empty()) {
        out += " class=\"";
        append_escaped(out, css_class);
        out += "\"";
    }
    out += ">";
    append_csrf_field(out, staff);
}

void append_notices(std::string& out, const std::vector<DeskNotice>& notices) {
    for (const DeskNotice& n : notices) {
        out += n.ok ? "<div class=\"feedback feedback-ok\" role=\"status\"><p>"
                    : "<div class=\"feedback feedback-error\" role=\"alert\"><p>";
        append_escaped(out, n.message);
        out += "</p></div>\n";
    }
}

std::string_view role_label(domain::Role r) {
    switch (r) {
        case domain::Role::kReader: return "Reader";
        case domain::Role::kAuthor: return "Author";
        case domain::Role::kEditor: return "Editor";
        case domain::Role::kModerator: return "Moderator";
        case domain::Role::kAdmin: return "Admin";
    }
    return "Reader";
}

std::string_view moderation_mode_label(domain::ModerationMode m) {
    switch (m) {
        case domain::ModerationMode::kPreModerate: return "Hold every comment for review";
        case domain::ModerationMode::kPreModerateFirstTime: return "Hold comments of first-time commenters";
        case domain::ModerationMode::kPreModerateLinks: return "Hold comments with links";
        case domain::ModerationMode::kPostModerate: return "Publish at once, review afterwards";
    }
    return "Hold every comment for review";
}

void append_option(std::string& out, std::string_view value, std::string_view label, bool selected) {
    out += "<option value=\"";
    append_escaped(out, value);
    out += "\"";
    if (selected) out += " selected";
    out += ">";
    append_escaped(out, label);
    out += "</option>";
}

}  // namespace tribune::render
