// The live-coverage desk of one article: plain forms (POST-redirect-GET) that work without
// scripts; web/desk_live.js only adds Ctrl+Enter and a confirm() before a deletion. Each update
// shows as readers see it (render::live_update_html), with its actions below it.
#include "render/desk_coverage_page.hpp"

#include "render/coverage.hpp"
#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"

namespace tribune::render {
namespace {

constexpr std::string_view kDeleteQuestion =
    "Delete this update? It leaves readers' pages at once, and it cannot be brought back.";

std::string update_path(std::string_view slug, std::int64_t id, std::string_view action = {}) {
    std::string p = desk_coverage_path(slug) + "/updates/" + std::to_string(id);
    if (!action.empty()) p += "/" + std::string(action);
    return p;
}

// "the update posted at 14:05 UTC": what tells one update's buttons from another's to a
// screen reader, which reads each button out of its context.
void append_hidden_name(std::string& out, const domain::LiveUpdate& u) {
    out += "<span class=\"visually-hidden\"> the update posted ";
    append_escaped(out, exact_time(u.posted_at));
    out += "</span>";
}

void append_state(std::string& out, const DeskCoverageView& v) {
    const domain::Article& a = v.article;
    out += "<section class=\"desk-coverage-state\" aria-labelledby=\"coverage-state-title\">\n"
           "<h2 id=\"coverage-state-title\">Coverage</h2>\n";
    if (a.live) {
        out += "<p data-coverage-state=\"on\"><span class=\"live-badge\">Live</span> Readers on the article's page "
               "see each update as it is posted.</p>\n";
        open_post_form(out, desk_coverage_path(a.slug), "desk-coverage-toggle", v.frame.staff);
        append_hidden(out, "live", "off");
        out += "<button type=\"submit\">End live coverage</button></form>\n";
    } else if (a.status == domain::ArticleStatus::kPublished) {
        out += "<p data-coverage-state=\"off\">Live coverage is off.</p>\n";
        open_post_form(out, desk_coverage_path(a.slug), "desk-coverage-toggle", v.frame.staff);
        append_hidden(out, "live", "on");
        out += "<button type=\"submit\">Start live coverage</button></form>\n";
    } else {
        out += "<p data-coverage-state=\"off\">Live coverage is off. Only a published article can be covered live: "
               "publish it in the editor first.</p>\n";
    }
    out += "</section>\n";
}

void append_new_update_form(std::string& out, const DeskCoverageView& v) {
    out += "<section class=\"desk-coverage-new\" aria-labelledby=\"new-update-title\">\n"
           "<h2 id=\"new-update-title\">New update</h2>\n";
    open_post_form(out, desk_coverage_path(v.article.slug) + "/updates", "desk-form desk-live-post", v.frame.staff);
    out += "\n<p><label for=\"update-body\">Update (Markdown)</label><br><textarea id=\"update-body\" "
           "name=\"body_markdown\" rows=\"6\" maxlength=\"" +
           std::to_string(domain::coverage_limits::kLiveUpdate) +
           "\" required aria-describedby=\"update-body-hint\" data-desk-live-submit>";
    append_escaped(out, v.draft);
    out += "</textarea></p>\n<p id=\"update-body-hint\" class=\"desk-hint\">Markdown, at most 8,000 bytes. "
           "Ctrl+Enter posts it.</p>\n<p><label><input type=\"checkbox\" name=\"pinned\" value=\"1\"";
    if (v.draft_pinned) out += " checked";
    out += "> Pin it to the top</label></p>\n<p><button type=\"submit\">Post update</button></p></form>\n</section>\n";
}

void append_confirm_delete(std::string& out, const DeskCoverageView& v, const domain::LiveUpdate& u) {
    out += "<div class=\"desk-confirm desk-danger\" id=\"confirm-delete\" role=\"group\" "
           "aria-labelledby=\"confirm-delete-question\">\n<p id=\"confirm-delete-question\"><strong>";
    out += kDeleteQuestion;
    out += "</strong></p>\n";
    open_post_form(out, update_path(v.article.slug, u.id, "delete"), "desk-confirm-form", v.frame.staff);
    append_hidden(out, "confirm", "yes");
    out += "<button type=\"submit\" class=\"desk-danger-button\" autofocus>Delete update</button> <a href=\"";
    append_escaped(out, desk_coverage_path(v.article.slug) + "#desk-update-" + std::to_string(u.id));
    out += "\">Cancel</a></form>\n</div>\n";
}

void append_edit_form(std::string& out, const DeskCoverageView& v, const domain::LiveUpdate& u) {
    const std::string id = std::to_string(u.id);
    open_post_form(out, update_path(v.article.slug, u.id), "desk-form desk-live-edit", v.frame.staff);
    out += "\n<p><label for=\"edit-body-" + id + "\">Edit the update (Markdown)</label><br><textarea id=\"edit-body-" +
           id + "\" name=\"body_markdown\" rows=\"6\" maxlength=\"" +
           std::to_string(domain::coverage_limits::kLiveUpdate) + "\" required autofocus data-desk-live-submit>";
    append_escaped(out, v.edit_text);
    out += "</textarea></p>\n<p><button type=\"submit\">Save update</button> <a href=\"";
    append_escaped(out, desk_coverage_path(v.article.slug) + "#desk-update-" + id);
    out += "\">Cancel</a></p></form>\n";
}

void append_actions(std::string& out, const DeskCoverageView& v, const domain::LiveUpdate& u) {
    const std::string& slug = v.article.slug;
    out += "<div class=\"desk-live-actions\">\n<a class=\"button\" href=\"";
    append_escaped(out, desk_coverage_path(slug) + "?edit=" + std::to_string(u.id) + "#desk-update-" +
                            std::to_string(u.id));
    out += "\">Edit";
    append_hidden_name(out, u);
    out += "</a>\n";
    open_post_form(out, update_path(slug, u.id, "pin"), "desk-live-pin", v.frame.staff);
    append_hidden(out, "pinned", u.pinned ? "0" : "1");
    out += u.pinned ? "<button type=\"submit\">Unpin" : "<button type=\"submit\">Pin";
    append_hidden_name(out, u);
    out += "</button></form>\n";
    open_post_form(out, update_path(slug, u.id, "delete"), "desk-live-delete", v.frame.staff);
    out += "<button type=\"submit\" class=\"desk-danger-button\" data-confirm=\"";
    append_escaped(out, kDeleteQuestion);
    out += "\">Delete";
    append_hidden_name(out, u);
    out += "</button></form>\n</div>\n";
}

void append_updates(std::string& out, const DeskCoverageView& v) {
    out += "<section class=\"desk-coverage-updates\" aria-labelledby=\"updates-title\">\n<h2 id=\"updates-title\">"
           "Updates</h2>\n";
    if (v.is_continuation) {
        out += "<p><a href=\"";
        append_escaped(out, desk_coverage_path(v.article.slug));
        out += "\">Newest updates</a></p>\n";
    }
    if (v.updates.empty()) {
        out += "<p class=\"empty-state\">No items found.</p>\n</section>\n";
        return;
    }
    out += "<ol class=\"desk-live-updates\" data-desk-live-updates>\n";
    for (const auto& u : v.updates) {
        out += "<li class=\"desk-live-item\" id=\"desk-update-" + std::to_string(u.id) + "\" data-update-id=\"" +
               std::to_string(u.id) + "\">\n";
        if (v.confirm_delete == u.id) append_confirm_delete(out, v, u);
        if (v.editing == u.id) append_edit_form(out, v, u);
        else out += live_update_html(u);  // trusted: the safe Markdown renderer's output
        if (v.editing != u.id && v.confirm_delete != u.id) append_actions(out, v, u);
        out += "</li>\n";
    }
    out += "</ol>\n";
    if (!v.older_cursor.empty()) {
        out += "<nav class=\"pager\" aria-label=\"More updates\"><a rel=\"next\" href=\"";
        append_escaped(out, desk_coverage_path(v.article.slug) + "?cursor=" + url_encode(v.older_cursor));
        out += "\">Older updates</a></nav>\n";
    }
    out += "</section>\n";
}

}  // namespace

std::string desk_coverage_path(std::string_view slug) { return "/admin/articles/" + url_encode(slug) + "/live"; }

std::string desk_coverage_page(const DeskCoverageView& v) {
    const domain::Article& a = v.article;
    std::string main = "<link rel=\"stylesheet\" href=\"/static/desk_live.css\">\n<p class=\"desk-back\"><a href=\"";
    append_escaped(main, "/admin/articles/" + url_encode(a.slug));
    main += "\">\xE2\x86\x90 Back to the editor</a></p>\n<h1 class=\"page-title\">Live coverage</h1>\n"
            "<p class=\"desk-article-state\">";
    append_escaped(main, a.title);
    if (a.status == domain::ArticleStatus::kPublished) {
        main += " \xC2\xB7 <a href=\"";
        append_escaped(main, article_path(a.slug));
        main += "\">View on the site</a>";
    }
    main += "</p>\n";
    append_state(main, v);
    if (a.live) append_new_update_form(main, v);
    append_updates(main, v);
    main += "<script src=\"/static/desk_live.js\" defer></script>\n";
    return desk_document(v.frame, "Live coverage", main);
}

}  // namespace tribune::render
