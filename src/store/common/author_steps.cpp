#include "store/common/author_steps.hpp"

#include <algorithm>
#include <string>

namespace tribune::store::author_steps {
namespace {

using domain::ErrorCode;

// A linked account's profile gets the slug made from its name, or the first free numbered one.
constexpr int kSlugTries = 20;
constexpr int kMaxList = 200;

std::string select_where(std::string_view where) {
    std::string s("SELECT ");
    s += kProfileColumns;
    s += " FROM authors WHERE ";
    s += where;
    return s;
}

const PortableSql kByUser(select_where("user_id = CAST(?1 AS BIGINT)"));
const PortableSql kBySlug(select_where("slug = CAST(?1 AS TEXT)"));
const PortableSql kInsertLinked(
    "INSERT INTO authors (slug, name, user_id) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT))"
    " ON CONFLICT DO NOTHING RETURNING id");
const PortableSql kUpdate(
    "UPDATE authors SET name = CAST(?2 AS TEXT), bio = CAST(?3 AS TEXT), photo_url = CAST(?4 AS TEXT),"
    " links = CAST(?5 AS TEXT), user_id = CAST(?6 AS BIGINT) WHERE slug = CAST(?1 AS TEXT) RETURNING id");
const PortableSql kList(select_where("slug > CAST(?1 AS TEXT) ORDER BY slug LIMIT CAST(?2 AS BIGINT)"),
                        select_where("slug > CAST(?1 AS TEXT) ORDER BY slug COLLATE \"C\" LIMIT CAST(?2 AS BIGINT)"));

Result<AuthorProfile> first(Result<SqlRows> rows) {
    if (!rows) return rows.error();
    if (rows->rows() == 0) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
    return read_profile(*rows, 0);
}

std::string joined_links(const std::vector<std::string>& links) {
    std::string out;
    for (const auto& l : links) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

}  // namespace

const std::string_view kProfileColumns =
    "id, slug, name, bio, photo_url, links, user_id, CASE WHEN EXISTS (SELECT 1 FROM article_authors x"
    " JOIN articles a ON a.id = x.article_id WHERE x.author_id = authors.id AND a.status = 'published')"
    " THEN 1 ELSE 0 END";

AuthorProfile read_profile(const SqlRows& r, int row) {
    AuthorProfile p;
    p.id = r.int64(row, 0);
    p.slug = r.text(row, 1);
    p.name = r.text(row, 2);
    p.bio = r.text(row, 3);
    p.photo_url = r.text(row, 4);
    const std::string& links = r.text(row, 5);
    for (std::size_t start = 0; start < links.size();) {
        const auto end = std::min(links.find('\n', start), links.size());
        if (end > start) p.links.push_back(links.substr(start, end - start));
        start = end + 1;
    }
    if (!r.is_null(row, 6)) p.user_id = r.int64(row, 6);
    p.has_published = r.int64(row, 7) != 0;
    return p;
}

Result<AuthorProfile> for_user(SqlSession& db, std::int64_t user_id, std::string_view name, std::string_view slug) {
    auto linked = first(db.query(kByUser, {user_id}));
    if (linked || linked.error().code != ErrorCode::kNotFound || name.empty()) return linked;
    // A profile of the same name may belong to someone else: never take it over, number it.
    for (int i = 1; i <= kSlugTries; ++i) {
        const std::string candidate =
            i == 1 ? std::string(slug) : std::string(slug) + "-" + std::to_string(i == kSlugTries ? user_id : i);
        auto made = db.query(kInsertLinked, {std::string_view(candidate), name, user_id});
        if (!made) return made.error();
        if (made->rows() == 1) return first(db.query(kByUser, {user_id}));
    }
    return domain::make_error(ErrorCode::kConflict, "No free author link", "every link made from this name is taken");
}

Result<AuthorProfile> save(SqlSession& db, const AuthorProfile& p) {
    const std::string links = joined_links(p.links);
    SqlValue user = p.user_id ? SqlValue(*p.user_id) : SqlValue(std::monostate{});
    auto updated = db.query(kUpdate, {std::string_view(p.slug), std::string_view(p.name), std::string_view(p.bio),
                                      std::string_view(p.photo_url), std::string_view(links), user});
    if (!updated) {
        if (updated.error().code == ErrorCode::kConflict)
            return domain::make_error(ErrorCode::kConflict, "Account already linked",
                                      "that account is linked to another author profile");
        return updated.error();
    }
    if (updated->rows() == 0) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
    return first(db.query(kBySlug, {std::string_view(p.slug)}));
}

Result<std::vector<AuthorProfile>> list(SqlSession& db, std::string_view after_slug, int limit) {
    auto rows = db.query(kList, {after_slug, std::int64_t{std::clamp(limit, 1, kMaxList)}});
    if (!rows) return rows.error();
    std::vector<AuthorProfile> out;
    for (int i = 0; i < rows->rows(); ++i) out.push_back(read_profile(*rows, i));
    return out;
}

}  // namespace tribune::store::author_steps
