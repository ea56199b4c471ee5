// The newsroom's articles at the desk (GET /admin/articles) and the article editor
// (/admin/articles/new, /admin/articles/{slug}): plain forms that work without scripts.
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
#include "render/desk_coverage_page.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

constexpr std::string_view kArticleStatuses[] = {"draft", "scheduled", "published", "unpublished"};

std::string_view article_status_label(std::string_view s) {
    if (s == "draft") return "Draft";
    if (s == "scheduled") return "Scheduled";
    if (s == "published") return "Published";
    if (s == "unpublished") return "Unpublished";
    return "All";
}

void append_filters(std::string& out, const DeskArticlesView& v) {
    out += "<form class=\"desk-filters\" method=\"get\" action=\"/admin/articles\" role=\"search\">\n"
           "<label for=\"filter-status\">Status</label> <select id=\"filter-status\" name=\"status\">";
    append_option(out, "", "All", v.status.empty());
    for (std::string_view s : kArticleStatuses) append_option(out, s, article_status_label(s), v.status == s);
    append_option(out, "review", "For review", v.status == "review");
    out += "</select>\n<label for=\"filter-author\">Author</label> <input id=\"filter-author\" name=\"author\" "
           "type=\"text\" maxlength=\"120\" placeholder=\"author-slug\" value=\"";
    append_escaped(out, v.author);
    out += "\">\n<label for=\"filter-section\">Section</label> <input id=\"filter-section\" name=\"section\" "
           "type=\"text\" maxlength=\"120\" placeholder=\"section-slug\" value=\"";
    append_escaped(out, v.section);
    out += "\">\n<label for=\"filter-q\">Title contains</label> <input id=\"filter-q\" name=\"q\" type=\"search\" "
           "maxlength=\"100\" value=\"";
    append_escaped(out, v.query);
    out += "\">\n<button type=\"submit\">Filter</button></form>\n";
}

void append_row(std::string& out, const DeskArticlesView& v, const domain::Article& a) {
    out += "<tr><td><a href=\"";
    append_escaped(out, "/admin/articles/" + url_encode(a.slug));
    out += "\">";
    append_escaped(out, a.title);
    out += "</a></td><td><span class=\"status-label status-";
    out += domain::to_string(a.status);
    out += "\">";
    out += article_status_label(domain::to_string(a.status));
    out += "</span>";
    if (a.review) {
        out += " <span class=\"status-label status-review\">For review</span>";
    }
    out += "</td><td>";
    append_escaped(out, a.byline());
    out += "</td><td>";
    if (a.section) append_escaped(out, a.section->name);
    out += "</td><td>";
    out += relative_time_element(a.updated_at, v.frame.now);
    out += "</td><td>";
    if (a.status == domain::ArticleStatus::kPublished || a.status == domain::ArticleStatus::kScheduled)
        out += date_element(a.published_at);
    out += "</td></tr>\n";
}

void append_text_field(std::string& out, std::string_view id, std::string_view label, std::string_view value,
                       std::string_view extra = {}) {
    out += "<p><label for=\"";
    out += id;
    out += "\">";
    out += label;
    out += "</label><br><input type=\"text\" id=\"";
    out += id;
    out += "\" name=\"";
    out += id;
    out += "\" value=\"";
    append_escaped(out, value);
    out += "\"";
    if (!extra.empty()) {
        out += ' ';
        out += extra;
    }
    out += "></p>\n";
}

}  // namespace

std::string desk_articles_page(const DeskArticlesView& v) {
    std::string main = "<h1 class=\"page-title\">Articles</h1>\n<p><a class=\"button\" href=\"/admin/articles/new\">"
                       "New article</a></p>\n";
    append_filters(main, v);
    if (v.articles.empty()) {
        main += "<p class=\"empty-state\">No items found.</p>\n";
        return desk_document(v.frame, "Articles", main);
    }
    main += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">Title</th>"
            "<th scope=\"col\">Status</th><th scope=\"col\">By</th><th scope=\"col\">Section</th>"
            "<th scope=\"col\">Changed</th><th scope=\"col\">Goes out</th></tr></thead>\n<tbody>\n";
    for (const auto& a : v.articles) append_row(main, v, a);
    main += "</tbody></table></div>\n";
    if (!v.next_cursor.empty()) {
        std::string next = "/admin/articles?cursor=" + url_encode(v.next_cursor);
        for (auto [name, value] : {std::pair<std::string_view, const std::string*>{"status", &v.status},
                                   {"author", &v.author},
                                   {"section", &v.section},
                                   {"q", &v.query}})
            if (!value->empty()) next += "&" + std::string(name) + "=" + url_encode(*value);
        main += "<nav class=\"pager\" aria-label=\"More articles\"><a rel=\"next\" href=\"";
        append_escaped(main, next);
        main += "\">Older changes</a></nav>\n";
    }
    return desk_document(v.frame, "Articles", main);
}

namespace {

// The state line above the editor: status, version, and where the article's other pages are.
void append_article_state(std::string& out, const DeskArticleEditView& v) {
    const domain::Article& a = *v.stored;
    const std::string base = "/admin/articles/" + url_encode(a.slug);
    out += "<p class=\"desk-article-state\"><span class=\"status-label status-";
    out += domain::to_string(a.status);
    out += "\">";
    out += article_status_label(domain::to_string(a.status));
    out += "</span> Version " + std::to_string(a.revision) + ", saved ";
    out += relative_time_element(a.updated_at, v.frame.now);
    if (a.status == domain::ArticleStatus::kScheduled) {
        out += " \xC2\xB7 goes out ";
        out += date_element(a.published_at);
    }
    if (a.status == domain::ArticleStatus::kPublished) {
        out += " \xC2\xB7 <a href=\"";
        append_escaped(out, article_path(a.slug));
        out += "\">View on the site</a>";
    }
    if (v.review) {
        out += " \xC2\xB7 <span class=\"status-label status-review\">For review</span> submitted by ";
        append_escaped(out, v.review->requested_by);
        out += " ";
        out += relative_time_element(v.review->requested_at, v.frame.now);
    }
    if (v.may_publish) {
        out += " \xC2\xB7 <a href=\"";
        append_escaped(out, base + "/history");
        out += "\">History</a> \xC2\xB7 <a href=\"";
        append_escaped(out, desk_coverage_path(a.slug));
        out += "\">Live coverage</a>";
        if (a.live) out += " <span class=\"live-badge\">Live</span>";
    }
    out += "</p>\n";
}

// Upload controls (desk.js shows them: an upload needs a script to send the file's bytes).
void append_upload(std::string& out, std::string_view id, std::string_view label, std::string_view target) {
    out += "<p class=\"desk-upload\" data-upload=\"";
    out += target;
    out += "\" hidden><label for=\"";
    out += id;
    out += "\">";
    out += label;
    out += "</label> <input type=\"file\" id=\"";
    out += id;
    out += "\" accept=\"image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg\">"
           " <span class=\"desk-upload-status\" role=\"status\" aria-live=\"polite\"></span></p>\n";
}

void append_comment_settings(std::string& out, const DeskArticleForm& f) {
    out += "<fieldset><legend>Comments</legend>\n";
    append_hidden(out, "comments_was", f.comments_was);
    append_hidden(out, "moderation_was", f.moderation_was);
    out += "<p><label for=\"comments\">Discussion</label><br>"
           "<select id=\"comments\" name=\"comments\">";
    append_option(out, "open", "Open", f.comments != "closed");
    append_option(out, "closed", "Closed", f.comments == "closed");
    out += "</select></p>\n<p><label for=\"moderation\">Moderation</label><br><select id=\"moderation\" name=\"moderation\">";
    append_option(out, "", "As the site's policy", f.moderation.empty());
    for (auto m : kModerationModes) append_option(out, domain::to_string(m), moderation_mode_label(m), f.moderation == domain::to_string(m));
    out += "</select></p>\n</fieldset>\n";
}

// A draft goes to the editors ("Submit for review") or comes back ("Withdraw"). Its own form:
// forms cannot nest, so it follows the editor's (unsaved changes are saved first by desk.js).
void append_review_form(std::string& out, const DeskArticleEditView& v) {
    open_post_form(out, "/admin/articles/" + url_encode(v.stored->slug) + "/review", "desk-form desk-review-form",
                   v.frame.staff);
    append_hidden(out, "submitted", v.review ? "0" : "1");
    out += v.review ? "<p><button type=\"submit\">Withdraw from review</button> <span class=\"desk-hint\">The "
                      "editors no longer see it as waiting for them.</span></p></form>\n"
                    : "<p><button type=\"submit\">Submit for review</button> <span class=\"desk-hint\">The editors "
                      "see it under \xE2\x80\x9C" "For review\xE2\x80\x9D; save your changes first.</span></p></form>\n";
}

// Save, preview, and the editor's one-step status changes.
void append_editor_actions(std::string& out, const DeskArticleEditView& v) {
    out += "<p class=\"desk-editor-actions\"><button type=\"submit\">Save</button> "
           "<button type=\"submit\" formaction=\"/admin/preview\" formtarget=\"article-preview\" formnovalidate "
           "data-preview-button>Preview</button>";
    if (v.may_publish) {
        const auto status = v.stored ? v.stored->status : domain::ArticleStatus::kDraft;
        if (status != domain::ArticleStatus::kPublished)
            out += " <button type=\"submit\" name=\"action\" value=\"publish\">Publish now</button>"
                   " <button type=\"submit\" name=\"action\" value=\"schedule\">Schedule</button>";
        else out += " <button type=\"submit\" name=\"action\" value=\"unpublish\">Unpublish</button>";
    }
    out += " <span class=\"desk-autosave\"></span></p>\n";
}

}  // namespace

std::string desk_article_edit_page(const DeskArticleEditView& v) {
    const DeskArticleForm& f = v.form;
    std::string main = "<h1 class=\"page-title\">";
    main += v.is_new ? "New article" : "Edit article";
    main += "</h1>\n";
    if (v.stored) append_article_state(main, v);
    if (!v.error.empty()) {
        main += "<div class=\"desk-notice desk-notice-error\" role=\"alert\"><p>";
        append_escaped(main, v.error);
        main += "</p></div>\n";
    }
    // Drafts save themselves as they are written (desk.js); anything public only on Save.
    const bool autosave = !v.stored || v.stored->status == domain::ArticleStatus::kDraft;
    main += "<div class=\"desk-editor\">\n";
    main += "<form method=\"post\" class=\"desk-form desk-article-form\" id=\"article-form\" action=\"";
    append_escaped(main, v.is_new ? std::string("/admin/articles") : "/admin/articles/" + url_encode(f.slug));
    main += autosave ? "\" data-autosave>" : "\">";
    append_csrf_field(main, v.frame.staff);
    append_hidden(main, "base_revision", f.base_revision);
    append_hidden(main, "article", f.slug);
    append_text_field(main, "title", "Title", f.title, "required maxlength=\"300\"");
    append_text_field(main, "slug", "Address (slug; empty: made from the title)", f.new_slug,
                      "maxlength=\"120\" pattern=\"[a-z0-9]+(-[a-z0-9]+)*\"");
    main += "<p><label for=\"summary\">Summary</label><br><textarea id=\"summary\" name=\"summary\" rows=\"2\" "
            "maxlength=\"2000\">";
    append_escaped(main, f.summary);
    main += "</textarea></p>\n<p><label for=\"body_markdown\">Body (Markdown)</label><br><textarea id=\"body_markdown\" "
            "name=\"body_markdown\" rows=\"18\" aria-describedby=\"body-hint\">";
    append_escaped(main, f.body_markdown);
    main += "</textarea><br><span id=\"body-hint\" class=\"desk-hint\">Markdown: **bold**, _italic_, [link](https://...), "
            "## heading, &gt; quote, tables, footnotes[^1]. Drop an image, video or audio file here to insert it.</span></p>\n";
    append_upload(main, "body-upload", "Insert an image, video or audio file", "body");
    append_text_field(main, "authors", "Authors (names, separated by commas)", f.authors, "maxlength=\"2000\"");
    append_text_field(main, "section", "Section", f.section, "maxlength=\"120\"");
    append_text_field(main, "tags", "Tags (separated by commas)", f.tags, "maxlength=\"4000\"");
    main += "<fieldset><legend>Lead media</legend>\n";
    append_upload(main, "lead-upload", "Upload the lead image, video or audio", "lead");
    append_text_field(main, "media_url", "URL (an image, video or audio file)", f.media_url, "maxlength=\"2000\"");
    append_text_field(main, "media_alt", "Alternative text", f.media_alt, "maxlength=\"1000\"");
    append_text_field(main, "media_caption", "Caption", f.media_caption, "maxlength=\"1000\"");
    append_text_field(main, "media_credit", "Credit", f.media_credit, "maxlength=\"1000\"");
    main += "</fieldset>\n";
    if (v.may_set_comments) append_comment_settings(main, f);
    main += "<p><label for=\"status\">Status</label><br><select id=\"status\" name=\"status\">";
    for (std::string_view s : kArticleStatuses)
        if (v.may_publish || s == "draft") append_option(main, s, article_status_label(s), f.status == s);
    main += "</select></p>\n";
    if (v.may_publish) {
        main += "<p><label for=\"published_at\">Publication time (UTC; empty: when published)</label><br>"
                "<input type=\"datetime-local\" id=\"published_at\" name=\"published_at\" step=\"1\" value=\"";
        append_escaped(main, f.published_at);
        main += "\"></p>\n";
    }
    append_editor_actions(main, v);
    main += "</form>\n";
    if (v.stored && v.stored->status == domain::ArticleStatus::kDraft) append_review_form(main, v);
    main += "<section class=\"desk-preview\" aria-labelledby=\"preview-title\">\n<h2 id=\"preview-title\">Preview</h2>\n"
            "<iframe name=\"article-preview\" id=\"article-preview\" title=\"Preview of the article as readers will see it\" "
            "sandbox=\"allow-same-origin\" src=\"about:blank\"></iframe>\n</section>\n</div>\n"
            "<p class=\"desk-hint\">Keys: Ctrl+S saves, Ctrl+Enter shows the preview. Drafts save themselves as you write.</p>\n";
    return desk_document(v.frame, v.is_new ? "New article" : "Edit article", main);
}

}  // namespace tribune::render
