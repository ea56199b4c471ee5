#include "portability/disqus_export.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "portability/xml_text.hpp"
#include "store/common/store_export.hpp"

namespace tribune::portability {
namespace {

using domain::Result;

constexpr int kDisqusBatch = 500;

struct Thread {
    std::int64_t id = 0;  // its dsq:id: the id of its first comment, the same in every export
    std::string title;    // the article's title; else the page
    domain::Time created_at{};
    bool closed = false;
};

// Calls `each` with every row of `table` (an id-keyed one), a batch at a time.
template <class Row, class Each>
Result<void> walk(store::Store& from, store::ExportTable table, Each&& each) {
    std::int64_t after = 0;
    for (;;) {
        auto batch = from.export_batch(table, after, kDisqusBatch);
        if (!batch) return batch.error();
        const auto& rows = std::get<std::vector<Row>>(*batch);
        for (const Row& r : rows)
            if (auto ok = each(r); !ok) return ok;
        if (rows.size() < static_cast<std::size_t>(kDisqusBatch)) return {};
        after = store::last_id(*batch);
    }
}

std::string_view flag(bool b) { return b ? "true" : "false"; }

}  // namespace

Result<ForeignExportResult> write_disqus_export(store::Store& from, std::ostream& out,
                                                const ForeignExportOptions& options) {
    ForeignExportResult result;
    // The pages that have comments, each with its first comment's time.
    std::map<std::string, Thread> threads;
    auto pages = walk<store::CommentRecord>(from, store::ExportTable::kComments, [&](const store::CommentRecord& r) {
        auto [it, added] = threads.try_emplace(r.comment.page);
        if (added) {
            it->second.id = r.comment.id;
            it->second.title = r.comment.page;
            it->second.created_at = r.comment.created_at;
        }
        return Result<void>{};
    });
    if (!pages) return pages.error();
    auto titles = walk<domain::Article>(from, store::ExportTable::kArticles, [&](const domain::Article& a) {
        if (auto it = threads.find(a.page_key()); it != threads.end()) it->second.title = a.title;
        return Result<void>{};
    });
    if (!titles) return titles.error();
    auto policies = from.export_batch(store::ExportTable::kThreadPolicies, 0, kDisqusBatch);
    if (!policies) return policies.error();
    for (const auto& p : std::get<std::vector<domain::ThreadPolicy>>(*policies))
        if (auto it = threads.find(p.page); it != threads.end()) it->second.closed = p.closed;

    std::string text;
    text += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    text +=
        "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://disqus.com/api/schemas/1.0/disqus.xsd "
        "http://disqus.com/api/schemas/1.0/disqus-internals.xsd\">\n";
    text += "<category dsq:id=\"1\">";
    domain::append_xml_element(text, "forum", options.site_name);
    domain::append_xml_element(text, "title", "General");
    domain::append_xml_element(text, "isDefault", "true");
    text += "</category>\n";
    out << text;
    for (const auto& [page, t] : threads) {
        text.clear();
        text += "<thread dsq:id=\"" + std::to_string(t.id) + "\">";
        domain::append_xml_element(text, "id", page);
        domain::append_xml_element(text, "forum", options.site_name);
        text += "<category dsq:id=\"1\"/>";
        domain::append_xml_element(text, "link", page_link(options.base_url, page));
        domain::append_xml_element(text, "title", t.title);
        text += "<message></message>";
        domain::append_xml_element(text, "createdAt", domain::format_rfc3339(t.created_at));
        text += "<author>";
        domain::append_xml_element(text, "name", options.site_name);
        domain::append_xml_element(text, "isAnonymous", "false");
        text += "</author>";
        domain::append_xml_element(text, "isClosed", flag(t.closed));
        domain::append_xml_element(text, "isDeleted", "false");
        text += "</thread>\n";
        out << text;
    }
    result.threads = static_cast<std::int64_t>(threads.size());
    if (auto ok = written(out); !ok) return ok.error();

    auto posts = walk<store::CommentRecord>(from, store::ExportTable::kComments, [&](const store::CommentRecord& r) {
        const domain::Comment& c = r.comment;
        if (c.status == domain::CommentStatus::kPending) {
            ++result.pending_left_out;
            return Result<void>{};
        }
        const auto thread = threads.find(c.page);
        if (thread == threads.end()) return Result<void>{};  // a page first commented during the export
        text.clear();
        text += "<post dsq:id=\"" + std::to_string(c.id) + "\">";
        domain::append_xml_element(text, "id", "");
        domain::append_xml_element(text, "message", text_to_html(c.text));
        domain::append_xml_element(text, "createdAt", domain::format_rfc3339(c.created_at));
        domain::append_xml_element(text, "isDeleted",
                flag(c.status == domain::CommentStatus::kDeleted || c.status == domain::CommentStatus::kRejected));
        domain::append_xml_element(text, "isSpam", flag(c.status == domain::CommentStatus::kSpam));
        text += "<author>";
        domain::append_xml_element(text, "name", c.author.name);
        domain::append_xml_element(text, "isAnonymous", flag(!c.author.user_id));
        text += "</author>";
        text += "<thread dsq:id=\"" + std::to_string(thread->second.id) + "\"/>";
        if (c.parent_id) text += "<parent dsq:id=\"" + std::to_string(*c.parent_id) + "\"/>";
        text += "</post>\n";
        out << text;
        ++result.comments;
        return written(out);
    });
    if (!posts) return posts.error();
    out << "</disqus>\n";
    out.flush();
    if (auto ok = written(out); !ok) return ok.error();
    return result;
}

}  // namespace tribune::portability
