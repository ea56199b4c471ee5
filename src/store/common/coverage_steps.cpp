#include "store/common/coverage_steps.hpp"

#include <algorithm>
#include <string>

#include "store/common/article_steps.hpp"
#include "store/common/store_errors.hpp"

namespace tribune::store::coverage_steps {
namespace {

using domain::ErrorCode;

constexpr std::string_view kUpdateColumns = "id, article_id, posted_at, edited_at, posted_by, body_markdown, pinned";

std::string select_updates(std::string_view where) {
    std::string s("SELECT ");
    s += kUpdateColumns;
    s += " FROM live_updates WHERE ";
    s += where;
    return s;
}

const PortableSql kSetLive("UPDATE articles SET live = CAST(?2 AS BIGINT) WHERE id = CAST(?1 AS BIGINT) RETURNING id");
const PortableSql kArticleExists("SELECT 1 FROM articles WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kCountCorrections("SELECT count(*) FROM article_corrections WHERE article_id = CAST(?1 AS BIGINT)");
const PortableSql kAddCorrection(
    "INSERT INTO article_corrections (article_id, at, made_by, text)"
    " VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS TEXT)) RETURNING id");
// A correction changes what readers were told: the article shows it was updated.
const PortableSql kTouchArticle(
    "UPDATE articles SET updated_at = CAST(?2 AS BIGINT) WHERE id = CAST(?1 AS BIGINT)"
    " AND updated_at < CAST(?2 AS BIGINT)");
const PortableSql kCorrectionsOfIds(
    "SELECT article_id, id, at, made_by, text FROM article_corrections WHERE article_id IN"
    " (SELECT CAST(value AS INTEGER) FROM json_each(CAST(?1 AS TEXT))) ORDER BY article_id, at, id",
    "SELECT article_id, id, at, made_by, text FROM article_corrections WHERE article_id IN"
    " (SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(?1 AS jsonb))) ORDER BY article_id, at, id");
const PortableSql kImportCorrection(
    "INSERT INTO article_corrections (id, article_id, at, made_by, text) VALUES (CAST(?1 AS BIGINT),"
    " CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS TEXT))",
    "INSERT INTO article_corrections (id, article_id, at, made_by, text) OVERRIDING SYSTEM VALUE VALUES"
    " (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS TEXT))");

const PortableSql kAddUpdate(
    "INSERT INTO live_updates (article_id, posted_at, edited_at, posted_by, body_markdown, pinned)"
    " VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), 0, CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS BIGINT))"
    " RETURNING id");
const PortableSql kGetUpdate(select_updates("article_id = CAST(?1 AS BIGINT) AND id = CAST(?2 AS BIGINT)"));
const PortableSql kEditUpdate(
    "UPDATE live_updates SET body_markdown = CAST(?3 AS TEXT), pinned = CAST(?4 AS BIGINT),"
    " edited_at = CAST(?5 AS BIGINT) WHERE article_id = CAST(?1 AS BIGINT) AND id = CAST(?2 AS BIGINT) RETURNING id");
const PortableSql kDeleteUpdate(
    "DELETE FROM live_updates WHERE article_id = CAST(?1 AS BIGINT) AND id = CAST(?2 AS BIGINT) RETURNING id");
// Pinned first, then newest first; ?2 = 1 when a cursor (?3 pinned, ?4 time, ?5 id) follows.
const PortableSql kUpdates(select_updates(
    "article_id = CAST(?1 AS BIGINT) AND (CAST(?2 AS BIGINT) = 0 OR pinned < CAST(?3 AS BIGINT)"
    " OR (pinned = CAST(?3 AS BIGINT) AND (posted_at < CAST(?4 AS BIGINT)"
    " OR (posted_at = CAST(?4 AS BIGINT) AND id < CAST(?5 AS BIGINT)))))"
    " ORDER BY pinned DESC, posted_at DESC, id DESC LIMIT CAST(?6 AS BIGINT)"));
const PortableSql kExportUpdates(select_updates("id > CAST(?1 AS BIGINT) ORDER BY id LIMIT CAST(?2 AS BIGINT)"));
const PortableSql kImportUpdate(
    "INSERT INTO live_updates (id, article_id, posted_at, edited_at, posted_by, body_markdown, pinned) VALUES"
    " (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT), CAST(?7 AS BIGINT))",
    "INSERT INTO live_updates (id, article_id, posted_at, edited_at, posted_by, body_markdown, pinned)"
    " OVERRIDING SYSTEM VALUE VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT),"
    " CAST(?4 AS BIGINT), CAST(?5 AS TEXT), CAST(?6 AS TEXT), CAST(?7 AS BIGINT))");

domain::LiveUpdate read_update(const SqlRows& r, int i) {
    domain::LiveUpdate u;
    u.id = r.int64(i, 0);
    u.article_id = r.int64(i, 1);
    u.posted_at = domain::from_micros(r.int64(i, 2));
    u.edited_at = domain::from_micros(r.int64(i, 3));
    u.posted_by = r.text(i, 4);
    u.body_markdown = r.text(i, 5);
    u.pinned = r.int64(i, 6) != 0;
    return u;
}

domain::Error update_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "no such live update");
}

Result<void> article_exists(SqlSession& db, std::int64_t article_id) {
    auto r = db.query(kArticleExists, {article_id});
    if (!r) return r.error();
    if (r->rows() == 0) return article_not_found();
    return {};
}

}  // namespace

Result<void> set_live(SqlSession& db, std::int64_t article_id, bool live) {
    auto r = db.query(kSetLive, {article_id, std::int64_t{live ? 1 : 0}});
    if (!r) return r.error();
    if (r->rows() == 0) return article_not_found();
    return {};
}

Result<domain::Correction> add_correction(SqlSession& db, std::int64_t article_id, const domain::Correction& c) {
    if (auto ok = article_exists(db, article_id); !ok) return ok.error();
    auto count = db.query(kCountCorrections, {article_id});
    if (!count) return count.error();
    if (count->int64(0, 0) >= domain::coverage_limits::kMaxCorrections)
        return domain::make_error(ErrorCode::kConflict, "Too many corrections",
                                  "this article holds as many corrections as it may");
    const std::int64_t at = domain::to_micros(c.at);
    auto r = db.query(kAddCorrection, {article_id, at, std::string_view(c.by), std::string_view(c.text)});
    if (!r) return r.error();
    if (auto touched = db.query(kTouchArticle, {article_id, at}); !touched) return touched.error();
    domain::Correction stored = c;
    stored.id = r->int64(0, 0);
    return stored;
}

Result<domain::LiveUpdate> add_update(SqlSession& db, const domain::LiveUpdate& u) {
    if (auto ok = article_exists(db, u.article_id); !ok) return ok.error();
    auto r = db.query(kAddUpdate, {u.article_id, domain::to_micros(u.posted_at), std::string_view(u.posted_by),
                                   std::string_view(u.body_markdown), std::int64_t{u.pinned ? 1 : 0}});
    if (!r) return r.error();
    domain::LiveUpdate stored = u;
    stored.id = r->int64(0, 0);
    stored.edited_at = domain::Time{};
    return stored;
}

Result<domain::LiveUpdate> get_update(SqlSession& db, std::int64_t article_id, std::int64_t id) {
    auto r = db.query(kGetUpdate, {article_id, id});
    if (!r) return r.error();
    if (r->rows() == 0) return update_not_found();
    return read_update(*r, 0);
}

Result<domain::LiveUpdate> edit_update(SqlSession& db, const domain::LiveUpdate& u) {
    auto r = db.query(kEditUpdate, {u.article_id, u.id, std::string_view(u.body_markdown),
                                    std::int64_t{u.pinned ? 1 : 0}, domain::to_micros(u.edited_at)});
    if (!r) return r.error();
    if (r->rows() == 0) return update_not_found();
    return get_update(db, u.article_id, u.id);
}

Result<void> delete_update(SqlSession& db, std::int64_t article_id, std::int64_t id) {
    auto r = db.query(kDeleteUpdate, {article_id, id});
    if (!r) return r.error();
    if (r->rows() == 0) return update_not_found();
    return {};
}

Result<std::vector<domain::LiveUpdate>> updates(SqlSession& db, const LiveUpdateQuery& q) {
    const auto& a = q.after;
    const std::int64_t limit = std::clamp(q.limit, 1, domain::coverage_limits::kMaxUpdatesPage);
    auto r = db.query(kUpdates, {q.article_id, std::int64_t{a ? 1 : 0}, std::int64_t{a && a->pinned ? 1 : 0},
                                 a ? domain::to_micros(a->posted_at) : std::int64_t{0}, a ? a->id : std::int64_t{0},
                                 limit});
    if (!r) return r.error();
    std::vector<domain::LiveUpdate> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_update(*r, i));
    return out;
}

Result<void> attach_corrections(SqlSession& db, std::vector<domain::Article>& articles) {
    if (articles.empty()) return {};
    auto r = article_steps::query_for_articles(db, kCorrectionsOfIds, articles);
    if (!r) return r.error();
    article_steps::for_each_article_row(articles, *r, [&](domain::Article& a, int i) {
        a.corrections.push_back({r->int64(i, 1), domain::from_micros(r->int64(i, 2)), r->text(i, 4), r->text(i, 3)});
    });
    return {};
}

Result<std::vector<domain::LiveUpdate>> export_updates(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    auto r = db.query(kExportUpdates, {after_id, limit});
    if (!r) return r.error();
    std::vector<domain::LiveUpdate> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_update(*r, i));
    return out;
}

Result<void> insert_update(SqlSession& db, const domain::LiveUpdate& u) {
    auto r = db.query(kImportUpdate, {u.id, u.article_id, domain::to_micros(u.posted_at), domain::to_micros(u.edited_at),
                                      std::string_view(u.posted_by), std::string_view(u.body_markdown),
                                      std::int64_t{u.pinned ? 1 : 0}});
    if (!r) return r.error();
    return {};
}

Result<void> insert_corrections(SqlSession& db, const domain::Article& a) {
    for (const auto& c : a.corrections) {
        auto r = db.query(kImportCorrection, {c.id, a.id, domain::to_micros(c.at), std::string_view(c.by),
                                              std::string_view(c.text)});
        if (!r) return r.error();
    }
    return {};
}

}  // namespace tribune::store::coverage_steps
