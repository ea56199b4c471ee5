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

// The moderation desk. Index notes:
// - comments_by_status: each status queue pages by id within one status.
// - comments_reported: the Reported queue; few comments have open reports.
// - comments_by_token / comments_by_user: one commenter's record (stats, duplicates, export and
//   erasure). Queries repeat the index's WHERE term so the planner may use it.
// - reports_open_once: one open report per reporter per comment; a resolved one allows another.
// - sessions and bans are looked up on every request that carries them: by primary key, and by
//   (kind, value) among the bans not lifted.
constexpr const char* kModerationSchema = R"sql(
ALTER TABLE comments ADD COLUMN ip_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN filter_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN featured INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1));
ALTER TABLE comments ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0 CHECK (open_reports >= 0);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_reported ON comments (id) WHERE open_reports > 0;
CREATE INDEX comments_by_token ON comments (author_token_hash, id) WHERE author_token_hash <> '';
CREATE INDEX comments_by_user ON comments (author_user_id, id) WHERE author_user_id IS NOT NULL;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('reader', 'moderator', 'admin')),
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    reason     TEXT    NOT NULL,
    reporter   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    resolved   INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
);
CREATE INDEX reports_by_comment ON reports (comment_id, id);
CREATE INDEX reports_by_reporter ON reports (reporter, id);
CREATE UNIQUE INDEX reports_open_once ON reports (comment_id, reporter) WHERE resolved = 0;

CREATE TABLE bans (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('user', 'token', 'ip')),
    value      TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    lifted     INTEGER NOT NULL DEFAULT 0 CHECK (lifted IN (0, 1))
);
CREATE INDEX bans_by_value ON bans (kind, value, id);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor_user_id INTEGER,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    before_json   TEXT    NOT NULL DEFAULT '{}',
    after_json    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_target ON audit_log (target, id);

CREATE TABLE thread_policies (
    page            TEXT    PRIMARY KEY,
    moderation      TEXT    CHECK (moderation IN ('pre', 'pre-first-time', 'pre-links', 'post')),
    closed          INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    auto_close_days INTEGER
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Anonymous reporters are counted by network (a salted hash of an IPv4 address or IPv6 /64):
// author tokens cost nothing to make, so one network files one open report per comment. Reports
// filed before this migration have no network ('') and are not counted this way.
constexpr const char* kReportNetworksSchema = R"sql(
ALTER TABLE reports ADD COLUMN reporter_network TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX reports_open_once_per_network ON reports (comment_id, reporter_network)
    WHERE resolved = 0 AND reporter_network <> '';
)sql";

// Changes made outside a running node (the command line), for a running node to publish
// (store/notice_store.hpp).
constexpr const char* kChangeNoticesSchema = R"sql(
CREATE TABLE change_notices (
    id         INTEGER PRIMARY KEY,
    page       TEXT    NOT NULL,
    comment_id INTEGER NOT NULL,
    change     TEXT    NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
    at         INTEGER NOT NULL
);
)sql";

// Publishing: articles get a status, a fixed discussion page key, authors, a section and tags
// of their own tables, old slugs that redirect, and every saved version. The byline of each
// existing article becomes an author (slug: the name in lower case, spaces as hyphens).
constexpr const char* kPublishingSchema = R"sql(
CREATE TABLE authors (
    id        INTEGER PRIMARY KEY,
    slug      TEXT   NOT NULL UNIQUE,
    name      TEXT   NOT NULL,
    bio       TEXT   NOT NULL DEFAULT '',
    photo_url TEXT   NOT NULL DEFAULT '',
    links     TEXT   NOT NULL DEFAULT '',
    user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE TABLE sections (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished'));
ALTER TABLE articles ADD COLUMN section_id INTEGER REFERENCES sections (id);
ALTER TABLE articles ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN page_key TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN media_alt TEXT;
ALTER TABLE articles ADD COLUMN media_credit TEXT;
ALTER TABLE articles ADD COLUMN media_width INTEGER;
ALTER TABLE articles ADD COLUMN media_height INTEGER;
UPDATE articles SET updated_at = published_at, created_at = published_at, page_key = '/articles/' || slug;
CREATE UNIQUE INDEX articles_by_page ON articles (page_key);
CREATE INDEX articles_by_status ON articles (status, published_at, id);
CREATE INDEX articles_by_update ON articles (status, updated_at, id);
DROP INDEX articles_by_author;
CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
CREATE TABLE article_redirects (
    old_slug   TEXT  PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE article_revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    saved_at   INTEGER NOT NULL,
    saved_by   TEXT   NOT NULL,
    snapshot   TEXT   NOT NULL,
    UNIQUE (article_id, number)
);
INSERT INTO authors (slug, name)
    SELECT DISTINCT coalesce(nullif(lower(replace(trim(author), ' ', '-')), ''), 'newsroom'), trim(author)
    FROM articles WHERE true
    ON CONFLICT (slug) DO NOTHING;
INSERT INTO article_authors (article_id, position, author_id)
    SELECT a.id, 0, u.id FROM articles a
    JOIN authors u ON u.slug = coalesce(nullif(lower(replace(trim(a.author), ' ', '-')), ''), 'newsroom');
-- A byline that gives no plain slug (accents, punctuation) gets one by number; empty is "Newsroom".
UPDATE authors SET slug = 'author-' || id WHERE slug = '' OR length(slug) > 120 OR slug GLOB '*[^a-z0-9-]*' OR slug GLOB '-*' OR slug GLOB '*-' OR slug GLOB '*--*';
UPDATE authors SET name = 'Newsroom' WHERE trim(name) = '';
)sql";

// Search (FTS5). body_text is the body as plain text (domain::markdown_plain_text, written by
// every save and import); the index holds published articles only, kept in step by triggers,
// so every way an article changes (save, import, the scheduler) re-indexes it. Its rowid is the
// article's id. Articles saved before this version are indexed with their Markdown as the text
// until their next save.
constexpr const char* kArticleSearchSchema = R"sql(
ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
UPDATE articles SET body_text = body_markdown;
CREATE VIRTUAL TABLE article_search USING fts5 (
    title, summary, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO article_search (rowid, title, summary, body)
    SELECT id, title, summary, body_text FROM articles WHERE status = 'published';
CREATE TRIGGER article_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
    INSERT INTO article_search (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body_text);
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, summary, body_text, status ON articles BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
    INSERT INTO article_search (rowid, title, summary, body)
        SELECT new.id, new.title, new.summary, new.body_text WHERE new.status = 'published';
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
END;
)sql";

// The newsroom's roles: authors and editors. The role column's CHECK cannot widen in place, so
// they are stored beside it (sqlite/rows.hpp, stored_role). An account has one author profile
// at most.
constexpr const char* kNewsroomRolesSchema = R"sql(
ALTER TABLE users ADD COLUMN newsroom_role TEXT NOT NULL DEFAULT '' CHECK (newsroom_role IN ('', 'author', 'editor'));
CREATE UNIQUE INDEX authors_by_user ON authors (user_id) WHERE user_id IS NOT NULL;
)sql";

// The media library (version 9): one row per file, named by the SHA-256
// of its bytes; the bytes are files beside the database (sqlite/media_files.hpp). A resized
// variant is a row of its own that names its original in variant_of.
constexpr const char* kMediaSchema = R"sql(
CREATE TABLE media (
    hash          TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    bytes         INTEGER NOT NULL,
    duration_ms   INTEGER,
    width         INTEGER,
    height        INTEGER,
    original_name TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL DEFAULT '',
    variant_of    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX media_variants ON media (variant_of, width) WHERE variant_of <> '';
)sql";

// Live coverage and corrections: an article's live flag, its correction notes (append-only) and
// its live updates. Version 10: 9 belongs to the media library.
constexpr const char* kLiveCoverageSchema = R"sql(
ALTER TABLE articles ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
CREATE TABLE article_corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    made_by    TEXT    NOT NULL,
    text       TEXT    NOT NULL
);
CREATE INDEX article_corrections_by_article ON article_corrections (article_id, at, id);
CREATE TABLE live_updates (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    posted_at     INTEGER NOT NULL,
    edited_at     INTEGER NOT NULL DEFAULT 0,
    posted_by     TEXT    NOT NULL,
    body_markdown TEXT    NOT NULL,
    pinned        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX live_updates_by_article ON live_updates (article_id, pinned, posted_at, id);
)sql";

// The reader's lists seek an index (store/common/article_steps.cpp, list): a section's
// published articles newest first, and an article's list keys by id without reading its row.
// SQLite stores a row's columns in order, and status, published_at and section_id come after the
// Markdown body, so reading them from the row walks the body's overflow pages: a tag's, an
// author's and a search's matches are ordered through articles_listing instead.
constexpr const char* kListIndexesSchema = R"sql(
CREATE INDEX articles_by_section ON articles (section_id, status, published_at, id);
CREATE INDEX articles_listing ON articles (id, status, published_at, section_id);
)sql";

// Review requests: an author hands a draft to the editors (store/common/review_steps.cpp).
// Workflow state kept apart from the article's row and its saved versions.
constexpr const char* kArticleReviewsSchema = R"sql(
CREATE TABLE article_reviews (
    article_id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    requested_at INTEGER NOT NULL,
    requested_by TEXT    NOT NULL
);
)sql";

// Imports from other systems (store/common/import_steps.cpp): each imported thread and comment by
// its source's id, so importing the same file twice adds nothing, and a reply whose parent comes
// later in the file is put under it at the end (pending_parent: the parent's source id). An
// imported comment's email is kept for notifications and privacy requests, never shown. The id
// orders the rows for a whole-store export (ExportTable::kImportSources).
constexpr const char* kImportSourcesSchema = R"sql(
ALTER TABLE comments ADD COLUMN author_email TEXT NOT NULL DEFAULT '';
CREATE TABLE import_sources (
    id             INTEGER PRIMARY KEY,
    source         TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('thread', 'comment', 'article', 'author')),
    source_id      TEXT    NOT NULL,
    local_id       INTEGER NOT NULL DEFAULT 0,
    page           TEXT    NOT NULL DEFAULT '',
    pending_parent TEXT    NOT NULL DEFAULT '',
    UNIQUE (source, kind, source_id)
);
CREATE INDEX import_sources_pending ON import_sources (source, local_id) WHERE pending_parent <> '';
-- A privacy request by email (AuthorKey's email form) finds an imported author's comments.
CREATE INDEX comments_by_email ON comments (author_email) WHERE author_email <> '';
)sql";

// Old addresses of imported pages (store/common/import_steps.cpp): a GET no route takes answers
// 301 to the article whose page key is `page`, wherever its slug has gone since.
constexpr const char* kPathRedirectsSchema = R"sql(
CREATE TABLE path_redirects (
    path TEXT PRIMARY KEY,
    page TEXT NOT NULL
);
)sql";

// The outbox (store/outbox_store.hpp, common/outbox_steps.cpp): events written in the transaction
// of the change that caused them, fanned out to one message per receiver; webhook endpoints with
// their delivery log. Times in microseconds. `events` lists an endpoint's event types as
// ",a,b," so one instr() tells whether it wants a type. Endpoints and messages never reuse an
// id (AUTOINCREMENT): the audit log names them by it.
constexpr const char* kOutboxSchema = R"sql(
CREATE TABLE outbox_events (
    id         INTEGER PRIMARY KEY,
    type       TEXT    NOT NULL,
    subject_id INTEGER NOT NULL,
    page       TEXT    NOT NULL,
    at         INTEGER NOT NULL
);
CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT    NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL DEFAULT ''
);
CREATE TABLE outbox_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    key             TEXT    NOT NULL UNIQUE,
    channel         TEXT    NOT NULL CHECK (channel IN ('webhook', 'mail')),
    event_type      TEXT    NOT NULL,
    subject_id      INTEGER NOT NULL,
    page            TEXT    NOT NULL,
    endpoint_id     INTEGER REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    recipient       TEXT    NOT NULL DEFAULT '',
    event_at        INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT    NOT NULL DEFAULT '',
    lease_until     INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
-- Claiming reads the due pending messages in order; counts and pruning go by status.
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at, id);
CREATE INDEX outbox_messages_by_status ON outbox_messages (status, sent_at);
CREATE INDEX outbox_messages_by_endpoint ON outbox_messages (endpoint_id, id);
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id  INTEGER NOT NULL,
    message_key TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status_code INTEGER NOT NULL,
    error       TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (at);
)sql";

// Reader and staff mail (store/notification_store.hpp, common/notification_steps.cpp): what a
// commenter asked to be mailed (comments.notify, bits of kNotifyReplies and kNotifyApproval), each
// address's double opt-in and "stop all mail", "stop mail about this thread", and each staff
// member's choice. Mail is found by its recipient (the hourly limit, unsubscribes, privacy). A
// reply is mailed to an address once, and an approval once, even when two nodes fan out the
// reply's "created" and "approved" events at the same time (the fan-out's ON CONFLICT DO NOTHING).
constexpr const char* kReaderMailSchema = R"sql(
ALTER TABLE comments ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
CREATE TABLE mail_addresses (
    email           TEXT    PRIMARY KEY,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER,
    created_at      INTEGER  NOT NULL
);
CREATE TABLE mail_thread_unsubscribes (
    email TEXT    NOT NULL,
    page  TEXT    NOT NULL,
    at    INTEGER  NOT NULL,
    PRIMARY KEY (email, page)
);
CREATE TABLE staff_mail_prefs (
    user_id        INTEGER  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mode           TEXT    NOT NULL CHECK (mode IN ('off', 'immediate', 'digest')),
    digest_minutes INTEGER NOT NULL,
    last_digest_at INTEGER
);
CREATE INDEX outbox_messages_by_recipient ON outbox_messages (recipient, sent_at) WHERE recipient <> '';
CREATE UNIQUE INDEX outbox_mail_reply_once ON outbox_messages (recipient, subject_id)
    WHERE channel = 'mail' AND event_type IN ('reply', 'staff_reply');
CREATE UNIQUE INDEX outbox_mail_approved_once ON outbox_messages (subject_id)
    WHERE channel = 'mail' AND event_type = 'approved';
)sql";

// Reader identity (store/identity_store.hpp, common/identity_steps.cpp): an account's proved
// address and SSO badge, both copied onto the comments it writes (so a list needs no join), a
// thread's own "sign in to comment" (NULL: as the install says), pending sign-ins (only the hash
// of their secret; counted by kind and subject for the per-address limit, and swept by expiry),
// and the identities other systems vouch for, which go with their account.
constexpr const char* kReaderIdentitySchema = R"sql(
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1));
ALTER TABLE users ADD COLUMN badge TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN author_badge TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN author_verified INTEGER NOT NULL DEFAULT 0 CHECK (author_verified IN (0, 1));
ALTER TABLE thread_policies ADD COLUMN signin_required INTEGER CHECK (signin_required IN (0, 1));
CREATE TABLE sign_in_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash    TEXT    NOT NULL UNIQUE,
    kind          TEXT    NOT NULL CHECK (kind IN ('email_link', 'oidc', 'handoff')),
    subject       TEXT    NOT NULL,
    nonce         TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    handoff_challenge TEXT    NOT NULL,
    return_to     TEXT    NOT NULL,
    mode          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX sign_in_requests_by_subject ON sign_in_requests (kind, subject, created_at);
CREATE INDEX sign_in_requests_by_expiry ON sign_in_requests (expires_at);
CREATE TABLE external_identities (
    provider   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (provider, subject)
) WITHOUT ROWID;
CREATE INDEX external_identities_by_user ON external_identities (user_id);
)sql";

constexpr std::array kMigrations{
    Migration{1, "0001_comments", kCommentsSchema},
    Migration{2, "0002_articles", kArticlesSchema},
    Migration{3, "0003_moderation", kModerationSchema},
    Migration{4, "0004_report_networks", kReportNetworksSchema},
    Migration{5, "0005_change_notices", kChangeNoticesSchema},
    Migration{6, "0006_publishing", kPublishingSchema},
    Migration{7, "0007_article_search", kArticleSearchSchema},
    Migration{8, "0008_newsroom_roles", kNewsroomRolesSchema},
    Migration{9, "0009_media", kMediaSchema},
    Migration{10, "0010_live_coverage", kLiveCoverageSchema},
    Migration{11, "0011_list_indexes", kListIndexesSchema},
    Migration{12, "0012_article_reviews", kArticleReviewsSchema},
    Migration{13, "0013_import_sources", kImportSourcesSchema},
    Migration{14, "0014_path_redirects", kPathRedirectsSchema},
    Migration{15, "0015_outbox", kOutboxSchema},
    Migration{16, "0016_reader_mail", kReaderMailSchema},
    Migration{17, "0017_reader_identity", kReaderIdentitySchema},
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
    return apply_pending(kMigrations, *version,
                         [&db](const Migration& m) { return apply(db, m); });
}

}  // namespace tribune::store::sqlite
