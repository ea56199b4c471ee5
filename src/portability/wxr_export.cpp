#include "portability/wxr_export.hpp"

#include <string>
#include <unordered_set>
#include <vector>

#include "portability/xml_text.hpp"
#include "store/common/store_export.hpp"

namespace tribune::portability {
namespace {

using domain::Result;

constexpr int kWxrBatch = 200;
constexpr int kCommentPage = 100;

std::string_view approved(domain::CommentStatus s) {
    switch (s) {
        case domain::CommentStatus::kApproved: return "1";
        case domain::CommentStatus::kPending: return "0";
        case domain::CommentStatus::kSpam: return "spam";
        case domain::CommentStatus::kRejected:
        case domain::CommentStatus::kDeleted: return "trash";
    }
    return "0";
}

void append_comment(std::string& out, const domain::Comment& c) {
    out += "<wp:comment>";
    domain::append_xml_element(out, "wp:comment_id", std::to_string(c.id));
    domain::append_xml_element(out, "wp:comment_author", c.author.name);
    out += "<wp:comment_author_email></wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
           "<wp:comment_author_IP></wp:comment_author_IP>";
    domain::append_xml_element(out, "wp:comment_date", wordpress_date(c.created_at));
    domain::append_xml_element(out, "wp:comment_date_gmt", wordpress_date(c.created_at));
    // WordPress reads the content as HTML: the text goes in as escaped paragraphs, never markup.
    domain::append_xml_element(out, "wp:comment_content", text_to_html(c.text));
    domain::append_xml_element(out, "wp:comment_approved", approved(c.status));
    domain::append_xml_element(out, "wp:comment_type", "comment");
    domain::append_xml_element(out, "wp:comment_parent", c.parent_id ? std::to_string(*c.parent_id) : "0");
    domain::append_xml_element(out, "wp:comment_user_id", "0");
    out += "</wp:comment>\n";
}

// Every comment of `page` (any status), top-level ones a page at a time, each followed by its
// replies; `each` is called with each.
template <class Each>
Result<void> walk_thread(store::Store& from, const std::string& page, Each&& each) {
    store::ListQuery q;
    q.limit = kCommentPage;
    q.filter = store::StatusFilter::kAll;
    for (;;) {
        auto top = from.list_comments(page, q);
        if (!top) return top.error();
        for (const domain::Comment& c : top->comments) {
            each(c);
            store::ListQuery rq = q;
            rq.after_id.reset();
            for (;;) {
                auto replies = from.list_replies(c.id, rq);
                if (!replies) return replies.error();
                for (const domain::Comment& r : replies->comments) each(r);
                if (!replies->has_more || replies->comments.empty()) break;
                rq.after_id = replies->comments.back().id;
            }
        }
        if (!top->has_more || top->comments.empty()) return {};
        q.after_id = top->comments.back().id;
    }
}

}  // namespace

Result<ForeignExportResult> write_wxr_export(store::Store& from, std::ostream& out,
                                             const ForeignExportOptions& options) {
    ForeignExportResult result;
    std::string text;
    text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    text +=
        "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n";
    domain::append_xml_element(text, "title", options.site_name);
    domain::append_xml_element(text, "link", options.base_url);
    text += "<description></description>";
    domain::append_xml_element(text, "pubDate", rfc822_date(options.now));
    domain::append_xml_element(text, "language", options.language);
    domain::append_xml_element(text, "wp:wxr_version", "1.2");
    domain::append_xml_element(text, "wp:base_site_url", options.base_url);
    domain::append_xml_element(text, "wp:base_blog_url", options.base_url);
    domain::append_xml_element(text, "generator", "Tribune " + options.tribune_version);
    text += "\n";
    out << text;

    // The published articles' pages: a comment elsewhere has no item to go in.
    std::unordered_set<std::string> article_pages;
    std::int64_t after = 0;
    for (;;) {
        auto batch = from.export_batch(store::ExportTable::kArticles, after, kWxrBatch);
        if (!batch) return batch.error();
        const auto& articles = std::get<std::vector<domain::Article>>(*batch);
        for (const domain::Article& a : articles) {
            if (a.status != domain::ArticleStatus::kPublished) continue;
            article_pages.insert(a.page_key());
            auto policy = from.get_thread_policy(a.page_key());
            if (!policy) return policy.error();
            text.clear();
            text += "<item>";
            domain::append_xml_element(text, "title", a.title);
            domain::append_xml_element(text, "link", page_link(options.base_url, a.path()));
            domain::append_xml_element(text, "pubDate", rfc822_date(a.published_at));
            domain::append_xml_element(text, "dc:creator", a.lead_author());
            text += "<guid isPermaLink=\"false\">";
            append_xml_escaped(text, page_link(options.base_url, a.page_key()));
            text += "</guid><description></description>";
            domain::append_xml_element(text, "content:encoded",
                    options.markdown_to_html ? options.markdown_to_html(a.body_markdown) : a.body_markdown);
            domain::append_xml_element(text, "excerpt:encoded", text_to_html(a.summary));
            domain::append_xml_element(text, "wp:post_id", std::to_string(a.id));
            domain::append_xml_element(text, "wp:post_date", wordpress_date(a.published_at));
            domain::append_xml_element(text, "wp:post_date_gmt", wordpress_date(a.published_at));
            domain::append_xml_element(text, "wp:post_modified", wordpress_date(a.updated_at));
            domain::append_xml_element(text, "wp:post_modified_gmt", wordpress_date(a.updated_at));
            domain::append_xml_element(text, "wp:comment_status", *policy && (*policy)->closed ? "closed" : "open");
            domain::append_xml_element(text, "wp:ping_status", "closed");
            domain::append_xml_element(text, "wp:post_name", a.slug);
            domain::append_xml_element(text, "wp:status", "publish");
            domain::append_xml_element(text, "wp:post_parent", "0");
            domain::append_xml_element(text, "wp:menu_order", "0");
            domain::append_xml_element(text, "wp:post_type", "post");
            text += "<wp:post_password></wp:post_password>";
            domain::append_xml_element(text, "wp:is_sticky", "0");
            auto category = [&](std::string_view domain_name, const domain::NamedRef& r) {
                text += "<category domain=\"";
                text += domain_name;
                text += "\" nicename=\"";
                append_xml_escaped(text, r.slug);
                text += "\">";
                append_xml_escaped(text, r.name);
                text += "</category>";
            };
            if (a.section) category("category", *a.section);
            for (const auto& t : a.tags) category("post_tag", t);
            text += "\n";
            out << text;
            auto comments = walk_thread(from, a.page_key(), [&](const domain::Comment& c) {
                text.clear();
                append_comment(text, c);
                out << text;
                ++result.comments;
            });
            if (!comments) return comments.error();
            out << "</item>\n";
            ++result.articles;
            if (auto ok = written(out); !ok) return ok.error();
        }
        if (articles.size() < static_cast<std::size_t>(kWxrBatch)) break;
        after = store::last_id(*batch);
    }
    out << "</channel>\n</rss>\n";
    out.flush();
    if (auto ok = written(out); !ok) return ok.error();

    // What was left out: comments on every other page.
    after = 0;
    for (;;) {
        auto batch = from.export_batch(store::ExportTable::kComments, after, 500);
        if (!batch) return batch.error();
        const auto& rows = std::get<std::vector<store::CommentRecord>>(*batch);
        for (const auto& r : rows)
            if (!article_pages.contains(r.comment.page)) ++result.not_on_articles;
        if (rows.size() < 500) break;
        after = store::last_id(*batch);
    }
    return result;
}

}  // namespace tribune::portability
