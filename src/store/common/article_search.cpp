#include "store/common/article_search.hpp"

#include <algorithm>
#include <charconv>

#include "domain/search_text.hpp"
#include "store/common/article_steps.hpp"

namespace tribune::store::article_search {
namespace {

// Parameters: 1 the terms (FTS5 phrases on SQLite, plain words on PostgreSQL), 2 a section slug
// or "", 3 limit, 4 offset. Columns: read_article's, then the marked snippet, then the rank.
// Both pick the page of ids first (the index finds the matches; only the ranks are computed per
// match) and make snippets for that page's rows only.
std::string sqlite_search() {
    std::string s(
        "WITH hits AS (SELECT article_search.rowid AS id, bm25(article_search, 10.0, 4.0, 1.0) AS score"
        " FROM article_search JOIN articles a ON a.id = article_search.rowid"
        " LEFT JOIN sections s ON s.id = a.section_id"
        " WHERE article_search MATCH CAST(?1 AS TEXT) AND a.status = 'published'"
        " AND (CAST(?2 AS TEXT) = '' OR s.slug = CAST(?2 AS TEXT))"
        " ORDER BY score, a.published_at DESC, a.id DESC LIMIT CAST(?3 AS BIGINT) OFFSET CAST(?4 AS BIGINT))"
        " SELECT ");
    s += article_steps::kArticleSelectColumns;
    s += ", snippet(article_search, -1, char(2), char(3), '\xE2\x80\xA6', 24), -h.score"
         " FROM hits h JOIN article_search ON article_search.rowid = h.id"
         " JOIN articles a ON a.id = h.id LEFT JOIN sections s ON s.id = a.section_id"
         " WHERE article_search MATCH CAST(?1 AS TEXT)"
         " ORDER BY h.score, a.published_at DESC, a.id DESC";
    return s;
}

// ts_headline drops what its parser reads as HTML tags ("<b>" in an article about markup), so
// it gets the text with '<' as U+0001, which indexed text never holds (as the markers), and the
// snippet gets its '<' back in search().
constexpr char kLessThanStandIn = '\x01';

std::string postgres_search() {
    std::string s(
        "WITH q AS (SELECT plainto_tsquery('english', CAST(?1 AS TEXT)) AS query),"
        " hits AS (SELECT a.id, ts_rank_cd(a.search_vector, q.query) AS score"
        " FROM articles a CROSS JOIN q LEFT JOIN sections s ON s.id = a.section_id"
        " WHERE a.status = 'published' AND a.search_vector @@ q.query"
        " AND (CAST(?2 AS TEXT) = '' OR s.slug = CAST(?2 AS TEXT))"
        " ORDER BY score DESC, a.published_at DESC, a.id DESC LIMIT CAST(?3 AS BIGINT) OFFSET CAST(?4 AS BIGINT))"
        " SELECT ");
    s += article_steps::kArticleSelectColumns;
    s += ", ts_headline('english', replace(a.summary || E'\\n' || a.body_text, '<', chr(1)), q.query,"
         " 'StartSel=' || chr(2) ||"
         " ', StopSel=' || chr(3) || ', MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=\" \xE2\x80\xA6 \"'),"
         " h.score"
         " FROM hits h JOIN articles a ON a.id = h.id LEFT JOIN sections s ON s.id = a.section_id CROSS JOIN q"
         " ORDER BY h.score DESC, a.published_at DESC, a.id DESC";
    return s;
}

const PortableSql kSearch(sqlite_search(), postgres_search());

double rank_of(const std::string& text) {
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

constexpr int kMaxLimit = 101;  // a page of 100 and one more to tell whether another follows

}  // namespace

std::string fts5_terms(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += '"';
        for (const char c : w) {
            if (c == '"') out += '"';  // a quote inside a phrase is doubled (words hold none)
            out += c;
        }
        out += '"';
    }
    return out;
}

domain::Result<std::vector<SearchHit>> search(SqlSession& db, const SearchQuery& query) {
    std::vector<SearchHit> out;
    const auto words = domain::bounded_search_words(query.text);
    if (words.empty()) return out;
    // Only words reach either engine, as quoted phrases: FTS5 reads no operator in them, and
    // PostgreSQL's plainto_tsquery reads no operators at all (it drops the quotes).
    const std::string phrases = fts5_terms(words);
    const std::int64_t limit = std::clamp(query.limit, 1, kMaxLimit);
    const std::int64_t offset = std::clamp(query.offset, 0, domain::search_limits::kMaxDepth);
    auto rows = db.query(kSearch, {std::string_view(phrases), std::string_view(query.section), limit, offset});
    if (!rows) return rows.error();
    std::vector<domain::Article> articles;
    for (int i = 0; i < rows->rows(); ++i) articles.push_back(article_steps::read_article(*rows, i));
    if (auto named = article_steps::attach_all_names(db, articles); !named) return named.error();
    for (int i = 0; i < rows->rows(); ++i) {
        std::string snippet = rows->text(i, article_steps::kArticleColumnCount);
        std::replace(snippet.begin(), snippet.end(), kLessThanStandIn, '<');
        out.push_back({std::move(articles[static_cast<std::size_t>(i)]), std::move(snippet), rank_of(rows->text(i, article_steps::kArticleColumnCount + 1))});
    }
    return out;
}

}  // namespace tribune::store::article_search
