#include "store/sqlite/migrations.hpp"

#include <array>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"

namespace tribune::store::sqlite {
namespace {

// Rows of `comments` are never physically deleted (deletion is a status), so rowids only grow
// and id order is posting order. Index notes:
// - comments_top_by_page: top-level keyset pages, oldest and newest, walk (page, id) and stop
//   after LIMIT rows, whatever the thread's size.
// - comments_top_by_status: moderators' one-status views of a page.
// - comments_by_parent: replies keyset; also serves the parent_id foreign key.
constexpr const char* kCommentsSchema = R"sql(
CREATE TABLE comments (
    id                INTEGER PRIMARY KEY,
    page              TEXT    NOT NULL,
    parent_id         INTEGER REFERENCES comments (id),
    author_name       TEXT    NOT NULL,
    author_role       TEXT    NOT NULL CHECK (author_role IN ('reader', 'moderator', 'admin')),
    author_user_id    INTEGER,
    author_token_hash TEXT    NOT NULL DEFAULT '',
    text              TEXT    NOT NULL,
    status            TEXT    NOT NULL
                      CHECK (status IN ('pending', 'approved', 'rejected', 'spam', 'deleted')),
    created_at        INTEGER NOT NULL,
    edited_at         INTEGER,
    reply_count       INTEGER NOT NULL DEFAULT 0 CHECK (reply_count >= 0)
);
CREATE INDEX comments_top_by_page ON comments (page, id) WHERE parent_id IS NULL;
CREATE INDEX comments_top_by_status ON comments (page, status, id) WHERE parent_id IS NULL;
CREATE INDEX comments_by_parent ON comments (parent_id, id) WHERE parent_id IS NOT NULL;

CREATE TABLE comment_edits (
    id          INTEGER PRIMARY KEY,
    comment_id  INTEGER NOT NULL REFERENCES comments (id),
    text        TEXT    NOT NULL,
    replaced_at INTEGER NOT NULL,
    edited_by   TEXT    NOT NULL
);
CREATE INDEX comment_edits_by_comment ON comment_edits (comment_id, id);

CREATE TABLE threads (
    page           TEXT    PRIMARY KEY,
    approved_count INTEGER NOT NULL DEFAULT 0 CHECK (approved_count >= 0)
) WITHOUT ROWID;
)sql";

constexpr const char* kArticlesSchema = R"sql(
CREATE TABLE articles (
    id                     INTEGER PRIMARY KEY,
    slug                   TEXT    NOT NULL UNIQUE,
    title                  TEXT    NOT NULL,
    summary                TEXT    NOT NULL,
    author                 TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    published_at           INTEGER NOT NULL,
    media_kind             TEXT,
    media_url              TEXT,
    media_mime             TEXT,
    media_duration_seconds INTEGER,
    media_caption          TEXT
);
CREATE INDEX articles_by_published ON articles (published_at, id);
CREATE INDEX articles_by_author ON articles (author, published_at, id);
)sql";

constexpr std::array kMigrations{
    Migration{1, "0001_comments", kCommentsSchema},
    Migration{2, "0002_articles", kArticlesSchema},
};

constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
);
)sql";

// Applies `m` unless another process did it first; the caller holds no transaction.
Result<void> apply(Connection& db, const Migration& m) {
    if (auto begin = db.exec("BEGIN IMMEDIATE"); !begin) return begin.error();
    auto fail = [&db](domain::Error e) -> Result<void> {
        if (db.in_transaction()) (void)db.exec("ROLLBACK");
        return e;
    };
    auto version = schema_version(db);
    if (!version) return fail(version.error());
    if (*version >= m.version) return db.exec("ROLLBACK");  // another process applied it
    if (auto ok = db.exec(m.sql); !ok) return fail(ok.error());
    auto record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
    if (!record) return fail(record.error());
    record->bind(1, std::int64_t{m.version}).bind(2, m.name).bind(3, now_micros());
    if (auto ok = record->run(); !ok) return fail(ok.error());
    if (auto ok = db.exec("COMMIT"); !ok) return fail(ok.error());
    return {};
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

Result<int> schema_version(Connection& db) {
    auto st = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return static_cast<int>(st->int64(0));
}

Result<void> migrate(Connection& db) {
    if (auto ok = db.exec(kCreateMigrationsTable); !ok) return ok.error();
    auto version = schema_version(db);
    if (!version) return version.error();
    return apply_pending(kMigrations, *version, unavailable_error(),
                         [&db](const Migration& m) { return apply(db, m); });
}

}  // namespace tribune::store::sqlite
