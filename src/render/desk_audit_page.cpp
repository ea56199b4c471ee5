// The audit log (GET /admin/audit, admins): who did what, newest first, with before and after.
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

std::string audit_path(std::string_view target, std::optional<std::int64_t> before) {
    std::string out = "/admin/audit";
    char sep = '?';
    if (!target.empty()) {
        out += "?target=" + url_encode(target);
        sep = '&';
    }
    if (before) out += sep + std::string("before=") + std::to_string(*before);
    return out;
}

void append_target(std::string& out, std::string_view target) {
    constexpr std::string_view kComment = "comment:";
    const std::string_view rest = target.substr(0, kComment.size()) == kComment ? target.substr(kComment.size()) : "";
    const bool numeric = !rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos;
    if (!numeric) {
        out += "<code>";
        append_escaped(out, target);
        out += "</code>";
        return;
    }
    out += "<a href=\"/admin/comments/";
    out += rest;
    out += "\"><code>";
    append_escaped(out, target);
    out += "</code></a>";
}

void append_entry(std::string& out, const domain::AuditEntry& e, domain::Time now) {
    out += "<tr><td>";
    out += relative_time_element(e.at, now);
    out += "</td><td>";
    append_escaped(out, e.actor);
    out += "</td><td><code>";
    append_escaped(out, e.action);
    out += "</code></td><td>";
    append_target(out, e.target);
    out += "</td><td><details class=\"desk-audit-details\"><summary>Before and after</summary>"
           "<p class=\"desk-audit-label\">Before</p><pre>";
    append_escaped(out, e.before);
    out += "</pre><p class=\"desk-audit-label\">After</p><pre>";
    append_escaped(out, e.after);
    out += "</pre></details></td></tr>\n";
}

}  // namespace

std::string desk_audit_page(const DeskAuditView& v) {
    std::string main =
        "<h1 class=\"page-title\">Audit log</h1>\n"
        "<form class=\"desk-search\" method=\"get\" action=\"/admin/audit\" role=\"search\">"
        "<label for=\"audit-target\">Target</label> <input type=\"search\" id=\"audit-target\" name=\"target\" "
        "placeholder=\"comment:12\" value=\"";
    append_escaped(main, v.target);
    main += "\"> <button type=\"submit\">Filter</button>";
    if (!v.target.empty()) main += " <a href=\"/admin/audit\">Show all</a>";
    main += "</form>\n";
    if (v.entries.empty()) {
        main += "<p class=\"empty-state\">No audit entries.</p>\n";
    } else {
        main +=
            "<div class=\"desk-table-wrap\"><table class=\"desk-table desk-audit\">\n<thead><tr><th scope=\"col\">When</th>"
            "<th scope=\"col\">Who</th><th scope=\"col\">Action</th><th scope=\"col\">Target</th>"
            "<th scope=\"col\">Change</th></tr></thead>\n<tbody>\n";
        for (const domain::AuditEntry& e : v.entries) append_entry(main, e, v.frame.now);
        main += "</tbody></table></div>\n";
    }
    if (v.is_continuation || v.older_before_id) {
        main += "<p class=\"load-more desk-pager\">";
        if (v.is_continuation) {
            main += "<a href=\"";
            append_escaped(main, audit_path(v.target, std::nullopt));
            main += "\">Newest</a> ";
        }
        if (v.older_before_id) {
            main += "<a href=\"";
            append_escaped(main, audit_path(v.target, v.older_before_id));
            main += "\" rel=\"next\">Older</a>";
        }
        main += "</p>\n";
    }
    return desk_document(v.frame, "Audit log", main);
}

}  // namespace tribune::render
