// The newsroom's articles at the desk (GET /admin/articles) and the article editor
// (/admin/articles/new, /admin/articles/{slug}): plain forms that work without scripts.
#include "render/desk_pages.hpp"

#include "render/date_format.hpp"
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
    out += "</select>\n<label for=\"filter-author\">Author</label> <input id=\"filter-author\" name=\"author\" "
           "type=\"text\" maxlength=\"120\" placeholder=\"author-slug\" value=\"";
    append_escaped(out, v.author);
    out += "\">\n<label for=\"filter-section\">Section</label> <input id=\"filter-section\" name=\"section\" "
           "type=\"text\" maxlength=\"120\" placeholder=\"section-slug\" value=\"";
    append_escaped(out, v.section);
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
    out += "</span></td><td>";
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
                                   {"section", &v.section}})
            if (!value->empty()) next += "&" + std::string(name) + "=" + url_encode(*value);
        main += "<nav class=\"pager\" aria-label=\"More articles\"><a rel=\"next\" href=\"";
        append_escaped(main, next);
        main += "\">Older changes</a></nav>\n";
    }
    return desk_document(v.frame, "Articles", main);
}

std::string desk_article_edit_page(const DeskArticleEditView& v) {
    const DeskArticleForm& f = v.form;
    std::string main = "<h1 class=\"page-title\">";
    main += v.is_new ? "New article" : "Edit article";
    main += "</h1>\n";
    if (v.stored) {
        main += "<p class=\"desk-article-state\"><span class=\"status-label status-";
        main += domain::to_string(v.stored->status);
        main += "\">";
        main += article_status_label(domain::to_string(v.stored->status));
        main += "</span> Version " + std::to_string(v.stored->revision) + ", saved ";
        main += relative_time_element(v.stored->updated_at, v.frame.now);
        if (v.stored->status == domain::ArticleStatus::kPublished) {
            main += " \xC2\xB7 <a href=\"";
            append_escaped(main, article_path(v.stored->slug));
            main += "\">View on the site</a>";
        }
        main += "</p>\n";
    }
    if (!v.error.empty()) {
        main += "<div class=\"desk-notice desk-notice-error\" role=\"alert\"><p>";
        append_escaped(main, v.error);
        main += "</p></div>\n";
    }
    open_post_form(main, v.is_new ? std::string("/admin/articles") : "/admin/articles/" + url_encode(f.slug),
                   "desk-form desk-article-form", v.frame.staff);
    append_hidden(main, "base_revision", f.base_revision);
    append_text_field(main, "title", "Title", f.title, "required maxlength=\"300\"");
    append_text_field(main, "slug", "Address (slug; empty: made from the title)", f.new_slug,
                      "maxlength=\"120\" pattern=\"[a-z0-9]+(-[a-z0-9]+)*\"");
    main += "<p><label for=\"summary\">Summary</label><br><textarea id=\"summary\" name=\"summary\" rows=\"2\" "
            "maxlength=\"2000\">";
    append_escaped(main, f.summary);
    main += "</textarea></p>\n<p><label for=\"body_markdown\">Body (Markdown)</label><br><textarea id=\"body_markdown\" "
            "name=\"body_markdown\" rows=\"18\">";
    append_escaped(main, f.body_markdown);
    main += "</textarea></p>\n";
    append_text_field(main, "authors", "Authors (names, separated by commas)", f.authors, "maxlength=\"2000\"");
    append_text_field(main, "section", "Section", f.section, "maxlength=\"120\"");
    append_text_field(main, "tags", "Tags (separated by commas)", f.tags, "maxlength=\"4000\"");
    main += "<fieldset><legend>Lead media</legend>\n";
    append_text_field(main, "media_url", "URL (an image, video or audio file)", f.media_url, "maxlength=\"2000\"");
    append_text_field(main, "media_alt", "Alternative text", f.media_alt, "maxlength=\"1000\"");
    append_text_field(main, "media_caption", "Caption", f.media_caption, "maxlength=\"1000\"");
    append_text_field(main, "media_credit", "Credit", f.media_credit, "maxlength=\"1000\"");
    main += "</fieldset>\n<p><label for=\"status\">Status</label><br><select id=\"status\" name=\"status\">";
    for (std::string_view s : kArticleStatuses)
        if (v.may_publish || s == "draft") append_option(main, s, article_status_label(s), f.status == s);
    main += "</select></p>\n";
    if (v.may_publish) {
        main += "<p><label for=\"published_at\">Publication time (UTC; empty: when published)</label><br>"
                "<input type=\"datetime-local\" id=\"published_at\" name=\"published_at\" value=\"";
        append_escaped(main, f.published_at);
        main += "\"></p>\n";
    }
    main += "<p><button type=\"submit\">Save</button></p></form>\n";
    return desk_document(v.frame, v.is_new ? "New article" : "Edit article", main);
}

}  // namespace tribune::render
