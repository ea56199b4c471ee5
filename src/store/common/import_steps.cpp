#include "store/common/import_steps.hpp"

#include <algorithm>
#include <map>

#include "store/common/store_errors.hpp"

namespace tribune::store::import_steps {
namespace {

const PortableSql kRememberThread(
    "INSERT INTO import_sources (source, kind, source_id, page) VALUES (CAST(?1 AS TEXT), 'thread',"
    " CAST(?2 AS TEXT), CAST(?3 AS TEXT)) ON CONFLICT (source, kind, source_id) DO NOTHING RETURNING page");
const PortableSql kThreadPage(
    "SELECT page FROM import_sources WHERE source = CAST(?1 AS TEXT) AND kind = 'thread'"
    " AND source_id = CAST(?2 AS TEXT)");
const PortableSql kImportedComment(
    "SELECT local_id, page FROM import_sources WHERE source = CAST(?1 AS TEXT) AND kind = 'comment'"
    " AND source_id = CAST(?2 AS TEXT)");
const PortableSql kCommentPlace("SELECT parent_id, page FROM comments WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kInsertComment(
    "INSERT INTO comments (page, parent_id, author_name, author_role, text, status, created_at, ip_hash,"
    " author_email) VALUES (CAST(?1 AS TEXT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), 'reader', CAST(?4 AS TEXT),"
    " CAST(?5 AS TEXT), CAST(?6 AS BIGINT), CAST(?7 AS TEXT), CAST(?8 AS TEXT)) RETURNING id");
const PortableSql kRememberComment(
    "INSERT INTO import_sources (source, kind, source_id, local_id, page, pending_parent) VALUES"
    " (CAST(?1 AS TEXT), 'comment', CAST(?2 AS TEXT), CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS TEXT))");
const PortableSql kPending(
    "SELECT local_id, pending_parent FROM import_sources WHERE source = CAST(?1 AS TEXT)"
    " AND pending_parent <> '' AND local_id > CAST(?2 AS BIGINT) ORDER BY local_id LIMIT CAST(?3 AS BIGINT)");
const PortableSql kSettled(
    "UPDATE import_sources SET pending_parent = '' WHERE source = CAST(?1 AS TEXT) AND pending_parent <> ''"
    " AND local_id = CAST(?2 AS BIGINT)");
const PortableSql kMoveReplies(
    "UPDATE comments SET parent_id = CAST(?2 AS BIGINT) WHERE parent_id = CAST(?1 AS BIGINT)");
// A reply counts no replies of its own.
const PortableSql kMoveComment(
    "UPDATE comments SET parent_id = CAST(?2 AS BIGINT), reply_count = 0 WHERE id = CAST(?1 AS BIGINT)");

// Counts change by what the import adds, as a post changes them: never recomputed from the rows,
// so comments posted on the same page meanwhile (on any node) are counted once. PostgreSQL
// splits a page's count over shards; the import adds to shard 0.
const PortableSql kAddToThreadCount(
    "INSERT INTO threads (page, approved_count) VALUES (CAST(?1 AS TEXT), CAST(?2 AS BIGINT))"
    " ON CONFLICT (page) DO UPDATE SET approved_count = threads.approved_count + excluded.approved_count",
    "INSERT INTO threads (page, shard, approved_count) VALUES (CAST(?1 AS TEXT), 0, CAST(?2 AS BIGINT))"
    " ON CONFLICT (page, shard) DO UPDATE SET approved_count = threads.approved_count + excluded.approved_count");
const PortableSql kAddReplies(
    "UPDATE comments SET reply_count = reply_count + CAST(?2 AS BIGINT) WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kCommentCounts("SELECT status, reply_count FROM comments WHERE id = CAST(?1 AS BIGINT)");

const PortableSql kRememberItem(
    "INSERT INTO import_sources (source, kind, source_id, local_id, page) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT),"
    " CAST(?3 AS TEXT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT)) ON CONFLICT (source, kind, source_id) DO UPDATE"
    " SET local_id = excluded.local_id WHERE import_sources.local_id = 0 AND excluded.local_id <> 0"
    " RETURNING local_id");
const PortableSql kRememberedItem(
    "SELECT local_id, page FROM import_sources WHERE source = CAST(?1 AS TEXT) AND kind = CAST(?2 AS TEXT)"
    " AND source_id = CAST(?3 AS TEXT)");
const PortableSql kAddPathRedirect(
    "INSERT INTO path_redirects (path, page) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT))"
    " ON CONFLICT (path) DO NOTHING RETURNING path");
const PortableSql kPathRedirect("SELECT page FROM path_redirects WHERE path = CAST(?1 AS TEXT)");
const PortableSql kKeptEmail("SELECT author_email FROM comments WHERE id = CAST(?1 AS BIGINT)");


// A path with its percent-escapes' hex digits in upper case ("%c3%a9" -> "%C3%A9"), the form
// RFC 3986 calls equivalent: old links written either way find the same redirect.
std::string upper_escapes(std::string_view path) {
    auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    auto upper = [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c; };
    std::string out(path);
    for (std::size_t i = 0; i + 2 < out.size(); ++i) {
        if (out[i] != '%' || !hex(out[i + 1]) || !hex(out[i + 2])) continue;
        out[i + 1] = upper(out[i + 1]);
        out[i + 2] = upper(out[i + 2]);
        i += 2;
    }
    return out;
}

struct Place {
    std::optional<domain::CommentId> parent;
    std::string page;
};

Result<std::optional<Place>> place_of(SqlSession& db, domain::CommentId id) {
    auto r = db.query(kCommentPlace, {id});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<Place>{};
    Place p;
    if (!r->is_null(0, 0)) p.parent = r->int64(0, 0);
    p.page = r->text(0, 1);
    return std::optional<Place>{std::move(p)};
}

struct Imported {
    domain::CommentId id = 0;
    std::string page;
};

Result<std::optional<Imported>> find_comment(SqlSession& db, std::string_view source, std::string_view id) {
    auto r = db.query(kImportedComment, {source, id});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<Imported>{};
    return std::optional<Imported>{Imported{r->int64(0, 0), r->text(0, 1)}};
}

// The top-level comment a reply to the comment imported as `parent_source_id` goes under, when
// that comment is imported on `page`; never `self` (a reply cannot be its own ancestor).
Result<std::optional<domain::CommentId>> thread_root(SqlSession& db, std::string_view source,
                                                     std::string_view parent_source_id, std::string_view page,
                                                     std::optional<domain::CommentId> self) {
    auto parent = find_comment(db, source, parent_source_id);
    if (!parent) return parent.error();
    if (!*parent || (*parent)->page != page) return std::optional<domain::CommentId>{};
    auto place = place_of(db, (*parent)->id);
    if (!place) return place.error();
    if (!*place) return std::optional<domain::CommentId>{};
    const domain::CommentId root = (*place)->parent.value_or((*parent)->id);
    if (self && root == *self) return std::optional<domain::CommentId>{};
    return std::optional<domain::CommentId>{root};
}

}  // namespace

Result<std::int64_t> remember_threads(SqlSession& db, std::string_view source,
                                      const std::vector<ImportedThread>& threads) {
    std::int64_t added = 0;
    for (const auto& t : threads) {
        auto r = db.query(kRememberThread, {source, std::string_view(t.source_id), std::string_view(t.page)});
        if (!r) return r.error();
        added += r->rows();
    }
    return added;
}

Result<std::vector<std::optional<std::string>>> thread_pages(SqlSession& db, std::string_view source,
                                                             const std::vector<std::string>& ids) {
    std::vector<std::optional<std::string>> pages;
    pages.reserve(ids.size());
    for (const auto& id : ids) {
        auto r = db.query(kThreadPage, {source, std::string_view(id)});
        if (!r) return r.error();
        pages.push_back(r->rows() ? std::optional<std::string>(r->text(0, 0)) : std::nullopt);
    }
    return pages;
}

Result<std::vector<std::optional<domain::CommentId>>> imported_comments(SqlSession& db, std::string_view source,
                                                                        const std::vector<std::string>& ids) {
    std::vector<std::optional<domain::CommentId>> found;
    found.reserve(ids.size());
    for (const auto& id : ids) {
        auto c = find_comment(db, source, id);
        if (!c) return c.error();
        found.push_back(*c ? std::optional<domain::CommentId>((*c)->id) : std::nullopt);
    }
    return found;
}

Result<std::vector<ImportedCommentResult>> add_comments(SqlSession& db, std::string_view source,
                                                        const std::vector<ImportedComment>& comments) {
    std::vector<ImportedCommentResult> results;
    results.reserve(comments.size());
    std::map<std::string_view, std::int64_t> approved_on;  // page -> approved comments added
    for (const auto& c : comments) {
        auto earlier = find_comment(db, source, c.source_id);
        if (!earlier) return earlier.error();
        if (*earlier) {
            results.push_back({(*earlier)->id, false, false});
            continue;
        }
        std::optional<domain::CommentId> parent;
        if (!c.parent_source_id.empty()) {
            auto root = thread_root(db, source, c.parent_source_id, c.page, std::nullopt);
            if (!root) return root.error();
            parent = *root;
        }
        const bool pending = !c.parent_source_id.empty() && !parent;
        const SqlValue parent_value = parent ? SqlValue(*parent) : SqlValue(std::monostate{});
        auto id = db.query(kInsertComment,
                           {std::string_view(c.page), parent_value, std::string_view(c.author_name),
                            std::string_view(c.text), domain::to_string(c.status), domain::to_micros(c.created_at),
                            std::string_view(c.ip_hash), std::string_view(c.author_email)});
        if (!id) return id.error();
        const domain::CommentId local = id->int64(0, 0);
        if (auto r = db.query(kRememberComment, {source, std::string_view(c.source_id), local, std::string_view(c.page),
                                                 std::string_view(pending ? c.parent_source_id : std::string())});
            !r)
            return r.error();
        results.push_back({local, true, pending});
        if (c.status != domain::CommentStatus::kApproved) continue;
        ++approved_on[c.page];
        if (parent)
            if (auto r = db.query(kAddReplies, {*parent, std::int64_t{1}}); !r) return r.error();
    }
    for (const auto& [page, added] : approved_on)
        if (auto r = db.query(kAddToThreadCount, {page, added}); !r) return r.error();
    return results;
}

Result<std::vector<PendingParent>> pending_parents(SqlSession& db, std::string_view source, domain::CommentId after,
                                                   int limit) {
    auto r = db.query(kPending, {source, after, std::int64_t{std::clamp(limit, 1, 1000)}});
    if (!r) return r.error();
    std::vector<PendingParent> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back({r->int64(i, 0), r->text(i, 1)});
    return out;
}

Result<bool> settle_parent(SqlSession& db, std::string_view source, const PendingParent& pending) {
    auto place = place_of(db, pending.id);
    if (!place) return place.error();
    bool found = false;
    if (*place) {
        auto root = thread_root(db, source, pending.parent_source_id, (*place)->page, pending.id);
        if (!root) return root.error();
        if (*root) {
            // The replies it gathered while it was top level follow it (threads stay two levels
            // deep), and the root counts them and it; the page's count does not change.
            auto counts = db.query(kCommentCounts, {pending.id});
            if (!counts) return counts.error();
            const std::int64_t moved_replies = counts->int64(0, 1) + (counts->text(0, 0) == "approved" ? 1 : 0);
            for (const PortableSql* move : {&kMoveReplies, &kMoveComment})
                if (auto r = db.query(*move, {pending.id, **root}); !r) return r.error();
            if (moved_replies > 0)
                if (auto r = db.query(kAddReplies, {**root, moved_replies}); !r) return r.error();
            found = true;
        }
    }
    if (auto r = db.query(kSettled, {source, pending.id}); !r) return r.error();
    return found;
}

Result<bool> remember_item(SqlSession& db, std::string_view source, std::string_view kind, std::string_view source_id,
                           const RememberedItem& item) {
    if (kind != "article" && kind != "author")
        return domain::make_error(domain::ErrorCode::kInvalid, "Unknown import kind", "an article or an author");
    auto r = db.query(kRememberItem, {source, kind, source_id, item.local_id, std::string_view(item.page)});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<std::optional<RememberedItem>> remembered_item(SqlSession& db, std::string_view source, std::string_view kind,
                                                      std::string_view source_id) {
    auto r = db.query(kRememberedItem, {source, kind, source_id});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<RememberedItem>{};
    return std::optional<RememberedItem>{RememberedItem{r->int64(0, 0), r->text(0, 1)}};
}

Result<void> check_path_redirect(const PathRedirect& redirect) {
    if (redirect.path.size() < 2 || redirect.path.front() != '/' || redirect.path.size() > kMaxRedirectPath ||
        redirect.page.empty())
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid redirect",
                                  "an old path starts with '/', is not the home page and is at most " +
                                      std::to_string(kMaxRedirectPath) + " bytes");
    return {};
}

Result<bool> add_path_redirect(SqlSession& db, const PathRedirect& redirect) {
    if (auto ok = check_path_redirect(redirect); !ok) return ok.error();
    const std::string path = upper_escapes(redirect.path);
    auto r = db.query(kAddPathRedirect, {std::string_view(path), std::string_view(redirect.page)});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<std::optional<std::string>> path_redirect(SqlSession& db, std::string_view path) {
    if (path.size() < 2 || path.size() > kMaxRedirectPath) return std::optional<std::string>{};
    auto r = db.query(kPathRedirect, {std::string_view(upper_escapes(path))});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<std::string>{};
    return std::optional<std::string>{r->text(0, 0)};
}

Result<std::string> kept_email(SqlSession& db, domain::CommentId id) {
    auto r = db.query(kKeptEmail, {id});
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    return r->text(0, 0);
}

}  // namespace tribune::store::import_steps
