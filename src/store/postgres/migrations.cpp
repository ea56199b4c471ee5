#include "store/postgres/migrations.hpp"

#include <array>

#include "store/postgres/connection.hpp"

namespace tribune::store::postgres {

using domain::Result;

namespace {

// Rows of `comments` are never physically deleted (deletion is a status), and identity values
// are handed out in order (CACHE 1), so id order is posting order. Times are microseconds since
// the epoch in BIGINT, exactly as in SQLite. Index notes:
// - comments_top_by_page: top-level keyset pages, oldest and newest, walk (page, id) and stop
//   after LIMIT rows, whatever the thread's size.
// - comments_top_by_status: moderators' one-status views of a page.
// - comments_by_parent: replies keyset (also per parent in first_replies).
// - threads: a page's approved count, changed in the same transaction as the comment. It is
//   split over at most kCountShards rows (postgres/change_executor.hpp), each connection adding to its own,
//   so concurrent writers on one busy page do not queue on one row lock held through every
//   commit's fsync. count_approved sums those few rows through the primary key: still O(1). A
//   shard may go below zero (approved through one connection, rejected through another); the
//   sum never does.
constexpr const char* kCommentsSchema = R"sql(
CREATE TABLE comments (
    id                BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page              TEXT    NOT NULL,
    parent_id         BIGINT  REFERENCES comments (id),
    author_name       TEXT    NOT NULL,
    author_role       TEXT    NOT NULL CHECK (author_role IN ('reader', 'moderator', 'admin')),
    author_user_id    BIGINT,
    author_token_hash TEXT    NOT NULL DEFAULT '',
    text              TEXT    NOT NULL,
    status            TEXT    NOT NULL
                      CHECK (status IN ('pending', 'approved', 'rejected', 'spam', 'deleted')),
    created_at        BIGINT  NOT NULL,
    edited_at         BIGINT,
    reply_count       BIGINT  NOT NULL DEFAULT 0 CHECK (reply_count >= 0)
);
CREATE INDEX comments_top_by_page ON comments (page, id) WHERE parent_id IS NULL;
CREATE INDEX comments_top_by_status ON comments (page, status, id) WHERE parent_id IS NULL;
CREATE INDEX comments_by_parent ON comments (parent_id, id) WHERE parent_id IS NOT NULL;

CREATE TABLE comment_edits (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id  BIGINT  NOT NULL REFERENCES comments (id),
    text        TEXT    NOT NULL,
    replaced_at BIGINT  NOT NULL,
    edited_by   TEXT    NOT NULL
);
CREATE INDEX comment_edits_by_comment ON comment_edits (comment_id, id);

CREATE TABLE threads (
    page           TEXT     NOT NULL,
    shard          SMALLINT NOT NULL CHECK (shard >= 0),
    approved_count BIGINT   NOT NULL DEFAULT 0,
    PRIMARY KEY (page, shard)
);
)sql";

constexpr const char* kArticlesSchema = R"sql(
CREATE TABLE articles (
    id                     BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                   TEXT    NOT NULL UNIQUE,
    title                  TEXT    NOT NULL,
    summary                TEXT    NOT NULL,
    author                 TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    published_at           BIGINT  NOT NULL,
    media_kind             TEXT,
    media_url              TEXT,
    media_mime             TEXT,
    media_duration_seconds INTEGER,
    media_caption          TEXT
);
CREATE INDEX articles_by_published ON articles (published_at, id);
CREATE INDEX articles_by_author ON articles (author, published_at, id);
)sql";

// The moderation desk. Flags are SMALLINT 0/1, as SQLite's INTEGER, so the shared row readers
// (store/common/rows.hpp) read them as integers on both engines. Index notes:
// - comments_by_status, comments_reported: the desk's queues, keyset by id across every thread.
// - comments_by_token, comments_by_user: one commenter's history (stats, duplicates, export and
//   erasure); partial, as most comments have only one of the two.
// - reports_open_once: at most one open report per reporter per comment, even under concurrency.
// - bans_by_value: find_active_ban looks up (kind, value) pairs at every post.
// No foreign key ties comments, bans or the audit log to users: an erased account leaves them.
constexpr const char* kModerationSchema = R"sql(
ALTER TABLE comments
    ADD COLUMN ip_hash       TEXT     NOT NULL DEFAULT '',
    ADD COLUMN filter_reason TEXT     NOT NULL DEFAULT '',
    ADD COLUMN featured      SMALLINT NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    ADD COLUMN open_reports  BIGINT   NOT NULL DEFAULT 0 CHECK (open_reports >= 0);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_reported ON comments (open_reports, id) WHERE open_reports > 0;
CREATE INDEX comments_by_token ON comments (author_token_hash, id) WHERE author_token_hash <> '';
CREATE INDEX comments_by_user ON comments (author_user_id, id) WHERE author_user_id IS NOT NULL;

CREATE TABLE users (
    id            BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT     NOT NULL UNIQUE,
    name          TEXT     NOT NULL,
    role          TEXT     NOT NULL CHECK (role IN ('reader', 'moderator', 'admin')),
    password_hash TEXT     NOT NULL,
    created_at    BIGINT   NOT NULL,
    disabled      SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE reports (
    id         BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id BIGINT   NOT NULL REFERENCES comments (id),
    reason     TEXT     NOT NULL,
    reporter   TEXT     NOT NULL,
    created_at BIGINT   NOT NULL,
    resolved   SMALLINT NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
);
CREATE INDEX reports_by_comment ON reports (comment_id, id);
CREATE INDEX reports_by_reporter ON reports (reporter, id);
CREATE UNIQUE INDEX reports_open_once ON reports (comment_id, reporter) WHERE resolved = 0;

CREATE TABLE bans (
    id         BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT     NOT NULL CHECK (kind IN ('user', 'token', 'ip')),
    value      TEXT     NOT NULL,
    reason     TEXT     NOT NULL,
    created_by TEXT     NOT NULL,
    created_at BIGINT   NOT NULL,
    expires_at BIGINT,
    lifted     SMALLINT NOT NULL DEFAULT 0 CHECK (lifted IN (0, 1))
);
CREATE INDEX bans_by_value ON bans (kind, value, id);

CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor_user_id BIGINT,
    actor         TEXT   NOT NULL,
    action        TEXT   NOT NULL,
    target        TEXT   NOT NULL,
    before_json   TEXT   NOT NULL DEFAULT '{}',
    after_json    TEXT   NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_target ON audit_log (target, id);

CREATE TABLE thread_policies (
    page            TEXT     PRIMARY KEY,
    moderation      TEXT     CHECK (moderation IN ('pre', 'pre-first-time', 'pre-links', 'post')),
    closed          SMALLINT NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    auto_close_days INTEGER
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

// Anonymous reporters are counted by network (a salted hash of an IPv4 address or IPv6 /64):
// author tokens cost nothing to make, so one network files one open report per comment. Reports
// filed before this migration have no network ('') and are not counted this way.
constexpr const char* kReportNetworksSchema = R"sql(
ALTER TABLE reports ADD COLUMN reporter_network TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX reports_open_once_per_network ON reports (comment_id, reporter_network)
    WHERE resolved = 0 AND reporter_network <> '';
)sql";

// A write transaction's receipt: a random token inserted by the transaction itself, so that a
// COMMIT whose answer was lost can be resolved by looking for it. The transaction id alone is
// not enough: after a server crash, ids whose WAL never reached the disk are handed out again,
// and another transaction's commit would read as ours. The key is (shard, writer's clock,
// token): each pooled connection inserts at the end of its own shard, so concurrent writers do
// not all queue on the index's last page, and old receipts go through the key (transaction.cpp).
constexpr const char* kWriteReceiptsSchema = R"sql(
CREATE TABLE write_receipts (
    shard SMALLINT NOT NULL,
    at    BIGINT   NOT NULL,
    token TEXT     NOT NULL,
    PRIMARY KEY (shard, at, token)
);
)sql";

// The live bus's events (live/pg_bus.cpp): every node applies them in id order, under those ids,
// and deletes them past the replay window. Ids start at the wall clock in microseconds, as a
// single node's hub numbers its events, so a reader's resume point from before (an earlier run,
// on SQLite) is older than anything kept and gets a reset, not a silent gap; hence the dynamic
// START. They go two at a time: id + 1 is the event's count change. An older Tribune's bus made
// this table itself (under the advisory lock taken here, without comment_id at first): such a
// table is kept as it is, its ids continuing.
constexpr const char* kLiveEventsSchema = R"sql(
DO $$
BEGIN
    PERFORM pg_advisory_xact_lock(7596503465812367202);
    EXECUTE format('CREATE TABLE IF NOT EXISTS live_events ('
                   ' id         bigint      GENERATED ALWAYS AS IDENTITY (START WITH %s INCREMENT BY 2) PRIMARY KEY,'
                   ' page       text        NOT NULL,'
                   ' payload    text        NOT NULL,'
                   ' created_at timestamptz NOT NULL DEFAULT now(),'
                   ' comment_id bigint      NOT NULL DEFAULT 0)',
                   (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'live_events'::regclass
                   AND attname = 'comment_id' AND NOT attisdropped) THEN
        ALTER TABLE live_events ADD COLUMN IF NOT EXISTS comment_id bigint NOT NULL DEFAULT 0;
    END IF;
END
$$;
)sql";

// Changes made outside a running node (the command line), for one node to take and publish
// (store/notice_store.hpp).
constexpr const char* kChangeNoticesSchema = R"sql(
CREATE TABLE change_notices (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page       TEXT   NOT NULL,
    comment_id BIGINT NOT NULL,
    change     TEXT   NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
    at         BIGINT NOT NULL
);
)sql";

// Publishing: articles get a status, a fixed discussion page key, authors, a section and tags
// of their own tables, old slugs that redirect, and every saved version. The byline of each
// existing article becomes an author (slug: the name in lower case, spaces as hyphens).
constexpr const char* kPublishingSchema = R"sql(
CREATE TABLE authors (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug      TEXT   NOT NULL UNIQUE,
    name      TEXT   NOT NULL,
    bio       TEXT   NOT NULL DEFAULT '',
    photo_url TEXT   NOT NULL DEFAULT '',
    links     TEXT   NOT NULL DEFAULT '',
    user_id   BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE TABLE sections (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE tags (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished'));
ALTER TABLE articles ADD COLUMN section_id BIGINT REFERENCES sections (id);
ALTER TABLE articles ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
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
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    author_id  BIGINT NOT NULL REFERENCES authors (id),
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);
CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag_id     BIGINT NOT NULL REFERENCES tags (id),
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
CREATE TABLE article_redirects (
    old_slug   TEXT  PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE article_revisions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    saved_at   BIGINT NOT NULL,
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
UPDATE authors SET slug = 'author-' || id WHERE slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' OR length(slug) > 120;
UPDATE authors SET name = 'Newsroom' WHERE trim(name) = '';
)sql";

// Search: body_text is the body as plain text (domain::markdown_plain_text, written by every
// save and import); search_vector weighs title (A) over summary (B) over body (C) with English
// stemming, generated by PostgreSQL so it can never lag the row. The GIN index covers published
// articles only: what readers search. Articles saved before this version are indexed with their
// Markdown as the text until their next save.
constexpr const char* kArticleSearchSchema = R"sql(
ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
UPDATE articles SET body_text = body_markdown;
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A') ||
    setweight(to_tsvector('english'::regconfig, summary), 'B') ||
    setweight(to_tsvector('english'::regconfig, body_text), 'C')) STORED;
CREATE INDEX articles_search ON articles USING GIN (search_vector) WHERE status = 'published';
)sql";

// The newsroom's roles: authors and editors. An account has one author profile at most.
constexpr const char* kNewsroomRolesSchema = R"sql(
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('reader', 'author', 'editor', 'moderator', 'admin'));
CREATE UNIQUE INDEX authors_by_user ON authors (user_id) WHERE user_id IS NOT NULL;
)sql";

// The media library (version 11): SQLite's 9, plus the bytes in 1 MiB
// chunks (postgres/media_store.cpp), so every node of a cluster reads the same files.
constexpr const char* kMediaSchema = R"sql(
CREATE TABLE media (
    hash          TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    bytes         BIGINT  NOT NULL,
    duration_ms   BIGINT,
    width         INTEGER,
    height        INTEGER,
    original_name TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT  NOT NULL,
    created_by    TEXT    NOT NULL DEFAULT '',
    variant_of    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX media_variants ON media (variant_of, width) WHERE variant_of <> '';
CREATE TABLE media_chunks (
    hash TEXT    NOT NULL REFERENCES media (hash) ON DELETE CASCADE,
    n    BIGINT  NOT NULL,
    data BYTEA   NOT NULL,
    PRIMARY KEY (hash, n)
);
-- Media files are compressed already: store the chunks out of line without trying again.
ALTER TABLE media_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
)sql";

// Live coverage and corrections: an article's live flag, its correction notes (append-only) and
// its live updates. Version 12: 11 belongs to the media library.
constexpr const char* kLiveCoverageSchema = R"sql(
ALTER TABLE articles ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
CREATE TABLE article_corrections (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    at         BIGINT NOT NULL,
    made_by    TEXT    NOT NULL,
    text       TEXT    NOT NULL
);
CREATE INDEX article_corrections_by_article ON article_corrections (article_id, at, id);
CREATE TABLE live_updates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    posted_at     BIGINT NOT NULL,
    edited_at     BIGINT NOT NULL DEFAULT 0,
    posted_by     TEXT    NOT NULL,
    body_markdown TEXT    NOT NULL,
    pinned        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX live_updates_by_article ON live_updates (article_id, pinned, posted_at, id);
)sql";

// The reader's lists seek an index (store/common/article_steps.cpp, list): a section's
// published articles newest first. (SQLite also gets an index of each article's list keys by
// id; PostgreSQL keeps a long body out of line, so its rows stay short.)
constexpr const char* kListIndexesSchema = R"sql(
CREATE INDEX articles_by_section ON articles (section_id, status, published_at, id);
)sql";

// Review requests: an author hands a draft to the editors (store/common/review_steps.cpp).
// Workflow state kept apart from the article's row and its saved versions.
constexpr const char* kArticleReviewsSchema = R"sql(
CREATE TABLE article_reviews (
    article_id   BIGINT  PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    requested_at BIGINT  NOT NULL,
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
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source         TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('thread', 'comment', 'article', 'author')),
    source_id      TEXT    NOT NULL,
    local_id       BIGINT  NOT NULL DEFAULT 0,
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
// ",a,b," so one position() tells whether it wants a type.
constexpr const char* kOutboxSchema = R"sql(
CREATE TABLE outbox_events (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type       TEXT    NOT NULL,
    subject_id BIGINT  NOT NULL,
    page       TEXT    NOT NULL,
    at         BIGINT  NOT NULL
);
CREATE TABLE webhook_endpoints (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT    NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    created_by      TEXT    NOT NULL DEFAULT ''
);
CREATE TABLE outbox_messages (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             TEXT    NOT NULL UNIQUE,
    channel         TEXT    NOT NULL CHECK (channel IN ('webhook', 'mail')),
    event_type      TEXT    NOT NULL,
    subject_id      BIGINT  NOT NULL,
    page            TEXT    NOT NULL,
    endpoint_id     BIGINT  REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    recipient       TEXT    NOT NULL DEFAULT '',
    event_at        BIGINT  NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    lease_owner     TEXT    NOT NULL DEFAULT '',
    lease_until     BIGINT,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT
);
-- Claiming reads the due pending messages in order; counts and pruning go by status.
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at, id);
CREATE INDEX outbox_messages_by_status ON outbox_messages (status, sent_at);
CREATE INDEX outbox_messages_by_endpoint ON outbox_messages (endpoint_id, id);
CREATE TABLE webhook_deliveries (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id BIGINT  NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    message_id  BIGINT  NOT NULL,
    message_key TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    at          BIGINT  NOT NULL,
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
    confirmed_at    BIGINT,
    unsubscribed_at BIGINT,
    created_at      BIGINT  NOT NULL
);
CREATE TABLE mail_thread_unsubscribes (
    email TEXT    NOT NULL,
    page  TEXT    NOT NULL,
    at    BIGINT  NOT NULL,
    PRIMARY KEY (email, page)
);
CREATE TABLE staff_mail_prefs (
    user_id        BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mode           TEXT    NOT NULL CHECK (mode IN ('off', 'immediate', 'digest')),
    digest_minutes INTEGER NOT NULL,
    last_digest_at BIGINT
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
ALTER TABLE users
    ADD COLUMN email_verified SMALLINT NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    ADD COLUMN badge          TEXT     NOT NULL DEFAULT '';
ALTER TABLE comments
    ADD COLUMN author_badge    TEXT     NOT NULL DEFAULT '',
    ADD COLUMN author_verified SMALLINT NOT NULL DEFAULT 0 CHECK (author_verified IN (0, 1));
ALTER TABLE thread_policies ADD COLUMN signin_required SMALLINT CHECK (signin_required IN (0, 1));
CREATE TABLE sign_in_requests (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    TEXT   NOT NULL UNIQUE,
    kind          TEXT   NOT NULL CHECK (kind IN ('email_link', 'oidc', 'handoff')),
    subject       TEXT   NOT NULL,
    nonce         TEXT   NOT NULL,
    code_verifier TEXT   NOT NULL,
    handoff_challenge TEXT   NOT NULL,
    return_to     TEXT   NOT NULL,
    mode          TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX sign_in_requests_by_subject ON sign_in_requests (kind, subject, created_at);
CREATE INDEX sign_in_requests_by_expiry ON sign_in_requests (expires_at);
CREATE TABLE external_identities (
    provider   TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX external_identities_by_user ON external_identities (user_id);
)sql";

constexpr std::array kMigrations{
    Migration{1, "0001_comments", kCommentsSchema},
    Migration{2, "0002_articles", kArticlesSchema},
    Migration{3, "0003_moderation", kModerationSchema},
    Migration{4, "0004_report_networks", kReportNetworksSchema},
    Migration{5, "0005_write_receipts", kWriteReceiptsSchema},
    Migration{6, "0006_live_events", kLiveEventsSchema},
    Migration{7, "0007_change_notices", kChangeNoticesSchema},
    Migration{8, "0008_publishing", kPublishingSchema},
    Migration{9, "0009_article_search", kArticleSearchSchema},
    Migration{10, "0010_newsroom_roles", kNewsroomRolesSchema},
    Migration{11, "0011_media", kMediaSchema},
    Migration{12, "0012_live_coverage", kLiveCoverageSchema},
    Migration{13, "0013_list_indexes", kListIndexesSchema},
    Migration{14, "0014_article_reviews", kArticleReviewsSchema},
    Migration{15, "0015_import_sources", kImportSourcesSchema},
    Migration{16, "0016_path_redirects", kPathRedirectsSchema},
    Migration{17, "0017_outbox", kOutboxSchema},
    Migration{18, "0018_reader_mail", kReaderMailSchema},
    Migration{19, "0019_reader_identity", kReaderIdentitySchema},
};

constexpr const char* kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at BIGINT  NOT NULL
)
)sql";

// Any constant works as long as every Tribune node uses the same one ("tribune" in ASCII); the
// lock is per database.
constexpr const char* kLock = "SELECT pg_advisory_lock(32762643536260709)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(32762643536260709)";

const Statement kSchemaVersion("SELECT coalesce(max(version), 0) FROM schema_migrations");
const Statement kRecord(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1::integer, $2::text, $3::bigint)");

Result<void> apply(Connection& db, const Migration& m) {
    if (auto begin = db.exec("BEGIN"); !begin) return begin.error();
    auto fail = [&db](domain::Error e) -> Result<void> {
        if (db.usable()) (void)db.exec("ROLLBACK");
        return e;
    };
    if (auto ok = db.exec(m.sql); !ok) return fail(ok.error());
    if (auto ok = db.run(kRecord, Params().add(std::int64_t{m.version}).add(m.name).add(now_micros())); !ok)
        return fail(ok.error());
    if (auto ok = db.exec("COMMIT"); !ok) return fail(ok.error());
    return {};
}

// Under the advisory lock: nobody else migrates this database meanwhile.
Result<void> migrate_locked(Connection& db) {
    if (auto ok = db.exec(kCreateMigrationsTable); !ok) return ok.error();
    auto version = schema_version(db);
    if (!version) return version.error();
    return apply_pending(kMigrations, *version,
                         [&db](const Migration& m) { return apply(db, m); });
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

Result<int> schema_version(Connection& db) {
    auto r = db.run(kSchemaVersion);
    if (!r) return r.error();
    return static_cast<int>(r->int64(0, 0));
}

Result<void> migrate(Connection& db) {
    if (auto ok = db.exec(kLock); !ok) return ok.error();
    auto result = migrate_locked(db);
    // A lost connection releases the lock on the server by itself.
    if (db.usable()) (void)db.exec(kUnlock);
    return result;
}

}  // namespace tribune::store::postgres
