// The desk's active bans (GET /admin/bans), each with a button to lift it.
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

constexpr std::size_t kShownHashChars = 12;

// Hashes are long and mean nothing to a person: a prefix is enough to tell two apart.
std::string shown_value(const domain::Ban& b) {
    if (b.kind == domain::BanKind::kUser) return "account #" + b.value;
    const std::string prefix = b.kind == domain::BanKind::kToken ? "author token " : "address ";
    if (b.value.size() <= kShownHashChars) return prefix + b.value;
    return prefix + b.value.substr(0, kShownHashChars) + "\xE2\x80\xA6";  // U+2026 ellipsis
}

}  // namespace

std::string desk_bans_page(const DeskBansView& v) {
    std::string main = "<h1 class=\"page-title\">Bans</h1>\n";
    if (v.bans.empty()) {
        main += "<p class=\"empty-state\">No active bans.</p>\n";
        return desk_document(v.frame, "Bans", main);
    }
    main +=
        "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">Banned</th>"
        "<th scope=\"col\">Reason</th><th scope=\"col\">By</th><th scope=\"col\">Since</th>"
        "<th scope=\"col\">Until</th><th scope=\"col\"><span class=\"visually-hidden\">Action</span></th></tr></thead>\n"
        "<tbody>\n";
    for (const domain::Ban& b : v.bans) {
        const std::string id = std::to_string(b.id);
        main += "<tr id=\"ban-" + id + "\"><td><span class=\"desk-ban-value\" title=\"";
        append_escaped(main, b.value);
        main += "\">";
        append_escaped(main, shown_value(b));
        main += "</span></td><td>";
        append_escaped(main, b.reason);
        main += "</td><td>";
        append_escaped(main, b.created_by);
        main += "</td><td>";
        main += relative_time_element(b.created_at, v.frame.now);
        main += "</td><td>";
        if (b.expires_at) append_escaped(main, exact_time(*b.expires_at));
        else main += "For good";
        main += "</td><td>";
        open_post_form(main, "/admin/bans/" + id + "/lift", "desk-lift", v.frame.staff);
        main += "<button type=\"submit\">Lift</button></form></td></tr>\n";
    }
    main += "</tbody></table></div>\n";
    return desk_document(v.frame, "Bans", main);
}

}  // namespace tribune::render
