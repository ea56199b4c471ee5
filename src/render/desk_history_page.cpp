// An article's history at the desk: every saved version (GET /admin/articles/{slug}/history)
// and one of them against the article as it is now, with a button that restores it
// (GET /admin/articles/{slug}/history/{n}).
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

std::string history_path(const domain::Article& a) { return "/admin/articles/" + url_encode(a.slug) + "/history"; }

void append_back_links(std::string& out, const domain::Article& a, bool to_history) {
    out += "<p class=\"desk-back\"><a href=\"";
    append_escaped(out, "/admin/articles/" + url_encode(a.slug));
    out += "\">Back to the editor</a>";
    if (to_history) {
        out += " \xC2\xB7 <a href=\"";
        append_escaped(out, history_path(a));
        out += "\">All versions</a>";
    }
    out += "</p>\n";
}

std::string names(const std::vector<domain::NamedRef>& refs) {
    std::string out;
    for (const auto& r : refs) out += (out.empty() ? "" : ", ") + r.name;
    return out;
}

// One row of the then/now table; the row is marked when the two differ.
void append_field_row(std::string& out, std::string_view label, std::string_view then, std::string_view now) {
    out += then == now ? "<tr>" : "<tr class=\"desk-changed\">";
    out += "<th scope=\"row\">";
    out += label;
    out += "</th><td>";
    append_escaped(out, then);
    out += "</td><td>";
    append_escaped(out, now);
    out += "</td></tr>\n";
}

std::string media_text(const domain::Article& a) {
    if (!a.media) return "";
    std::string out = a.media->url;
    if (!a.media->alt.empty()) out += " (" + a.media->alt + ")";
    return out;
}

void append_diff(std::string& out, const std::vector<domain::DiffLine>& lines) {
    out += "<pre class=\"desk-diff\">";
    for (const auto& l : lines) {
        switch (l.kind) {
            case domain::DiffLine::Kind::kSame: out += "<span>  "; break;
            case domain::DiffLine::Kind::kRemoved: out += "<del>- "; break;
            case domain::DiffLine::Kind::kAdded: out += "<ins>+ "; break;
        }
        append_escaped(out, l.text);
        switch (l.kind) {
            // Block elements, one a line: no newline between them (it would show as an empty line).
            case domain::DiffLine::Kind::kSame: out += "</span>"; break;
            case domain::DiffLine::Kind::kRemoved: out += "</del>"; break;
            case domain::DiffLine::Kind::kAdded: out += "</ins>"; break;
        }
    }
    out += "</pre>\n";
}

}  // namespace

std::string desk_article_history_page(const DeskArticleHistoryView& v) {
    std::string main = "<h1 class=\"page-title\">History of \xE2\x80\x9C";
    append_escaped(main, v.article.title);
    main += "\xE2\x80\x9D</h1>\n";
    append_back_links(main, v.article, false);
    if (v.versions.empty()) {
        main += "<p class=\"empty-state\">No items found.</p>\n";
        return desk_document(v.frame, "History", main);
    }
    main += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">Version</th>"
            "<th scope=\"col\">Saved</th><th scope=\"col\">By</th><th scope=\"col\">Title then</th>"
            "<th scope=\"col\">Status then</th></tr></thead>\n<tbody>\n";
    for (const auto& ver : v.versions) {
        main += "<tr><td><a href=\"";
        append_escaped(main, history_path(v.article) + "/" + std::to_string(ver.number));
        main += "\">Version " + std::to_string(ver.number) + "</a>";
        if (ver.number == v.article.revision) main += " (current)";
        main += "</td><td>";
        main += relative_time_element(ver.saved_at, v.frame.now);
        main += "</td><td>";
        append_escaped(main, ver.saved_by);
        main += "</td><td>";
        append_escaped(main, ver.article.title);
        main += "</td><td>";
        main += domain::to_string(ver.article.status);
        main += "</td></tr>\n";
    }
    main += "</tbody></table></div>\n";
    return desk_document(v.frame, "History", main);
}

std::string desk_article_version_page(const DeskArticleVersionView& v) {
    const domain::Article& then = v.version.article;
    const domain::Article& now = v.article;
    std::string main = "<h1 class=\"page-title\">Version " + std::to_string(v.version.number) + " of \xE2\x80\x9C";
    append_escaped(main, now.title);
    main += "\xE2\x80\x9D</h1>\n";
    append_back_links(main, now, true);
    main += "<p>Saved ";
    main += relative_time_element(v.version.saved_at, v.frame.now);
    main += " by ";
    append_escaped(main, v.version.saved_by);
    main += ".</p>\n";
    if (v.version.number != now.revision) {
        open_post_form(main, history_path(now) + "/" + std::to_string(v.version.number) + "/restore", "desk-form",
                       v.frame.staff);
        append_hidden(main, "base_revision", std::to_string(now.revision));
        main += "<p><button type=\"submit\">Restore this version</button> <span class=\"desk-hint\">Its text becomes "
                "the newest version; the address, status and publication time stay as they are now.</span></p></form>\n";
    } else {
        main += "<p class=\"desk-hint\">This is the current version.</p>\n";
    }
    main += "<h2>Then and now</h2>\n<div class=\"desk-table-wrap\"><table class=\"desk-table desk-compare\">\n<thead><tr>"
            "<th scope=\"col\">Field</th><th scope=\"col\">Version " + std::to_string(v.version.number) +
            "</th><th scope=\"col\">Now</th></tr></thead>\n<tbody>\n";
    append_field_row(main, "Title", then.title, now.title);
    append_field_row(main, "Address", then.slug, now.slug);
    append_field_row(main, "Summary", then.summary, now.summary);
    append_field_row(main, "Authors", names(then.authors), names(now.authors));
    append_field_row(main, "Section", then.section ? then.section->name : "", now.section ? now.section->name : "");
    append_field_row(main, "Tags", names(then.tags), names(now.tags));
    append_field_row(main, "Status", domain::to_string(then.status), domain::to_string(now.status));
    append_field_row(main, "Lead media", media_text(then), media_text(now));
    main += "</tbody></table></div>\n<h2>Body: what changed since</h2>\n";
    if (v.body_diff) {
        bool changed = false;
        for (const auto& l : *v.body_diff) changed = changed || l.kind != domain::DiffLine::Kind::kSame;
        if (!changed) main += "<p>The body is the same as now.</p>\n";
        else {
            main += "<p class=\"desk-hint\">Lines marked \xE2\x80\x9C-\xE2\x80\x9D were in this version and are gone now; "
                    "lines marked \xE2\x80\x9C+\xE2\x80\x9D were added since.</p>\n";
            append_diff(main, *v.body_diff);
        }
    } else {
        main += "<p>The bodies are too long to compare line by line.</p>\n";
    }
    main += "<h2>Body then</h2>\n<div class=\"desk-version-body\">\n";
    main += v.body_html;  // trusted: the output of markdown_to_html
    main += "</div>\n";
    return desk_document(v.frame, "Version " + std::to_string(v.version.number), main);
}

}  // namespace tribune::render
