// Summaries in an exported snapshot, and the advisory lease (store/pg_snapshot.hpp).
#include "store/pg_snapshot.hpp"

#include <chrono>

#include "store/common/media_steps.hpp"
#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/export_on.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/params.hpp"
#include "store/postgres/pg_result.hpp"
#include "store/postgres/sql_session.hpp"

namespace tribune::store::postgres::snapshot_reads {
namespace {

using domain::ErrorCode;
using domain::make_error;
using domain::Result;

constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr int kBatchRows = 1000;
const Statement kTryLock("SELECT pg_try_advisory_lock($1::bigint)");

// What summarize() and summarize_media() read, served from one connection's transaction. Only
// list_media of the media role is ever called.
class SnapshotReader final : public ConnectionExportReader<Connection, export_batch_on, export_thread_counts_on>,
                             public MediaStore {
public:
    using ConnectionExportReader::ConnectionExportReader;

    Result<std::vector<MediaItem>> list_media(std::string_view after_hash, int limit) override {
        PgSession session(db_);
        return media_steps::list(session, after_hash, limit);
    }

    Result<MediaPut> put_media(const MediaItem&, std::string_view) override { return unsupported(); }
    Result<MediaItem> get_media(std::string_view) override { return unsupported(); }
    Result<std::vector<MediaItem>> media_variants(std::string_view) override { return unsupported(); }
    Result<std::optional<std::string>> media_file(std::string_view) override { return unsupported(); }
    Result<std::string> read_media(std::string_view, std::int64_t, std::int64_t) override { return unsupported(); }

private:
    static domain::Error unsupported() {
        return make_error(ErrorCode::kInternal, "Not supported", "a snapshot reader only reads the export");
    }
};

class PgAdvisoryLease final : public AdvisoryLease {
public:
    explicit PgAdvisoryLease(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
    bool held() override { return db_->usable() && db_->exec("SELECT 1").has_value(); }

private:
    std::unique_ptr<Connection> db_;
};

}  // namespace
}  // namespace tribune::store::postgres::snapshot_reads

namespace tribune::store {

domain::Result<SnapshotSummary> summarize_in_snapshot(
    const std::string& url, const std::function<domain::Result<void>(const std::string&)>& while_held) {
    auto db = postgres::Connection::open(url, postgres::snapshot_reads::kConnectTimeout);
    if (!db) return db.error();
    postgres::Connection& c = **db;
    auto begun = c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begun) return begun.error();
    auto snapshot = c.exec("SELECT pg_export_snapshot()");
    if (!snapshot) return snapshot.error();
    const std::string name = snapshot->text(0, 0);
    if (auto ok = while_held(name); !ok) return ok.error();
    SnapshotSummary out;
    auto version = postgres::schema_version(c);
    if (!version) return version.error();
    out.schema_version = *version;
    postgres::snapshot_reads::SnapshotReader reader(c);
    auto summary = summarize(reader, postgres::snapshot_reads::kBatchRows);
    if (!summary) return summary.error();
    out.summary = *summary;
    auto media = summarize_media(reader);
    if (!media) return media.error();
    out.media = *media;
    (void)c.exec("COMMIT");
    return out;
}

domain::Result<RestoreTarget> inspect_restore_target(const std::string& url) {
    auto db = postgres::Connection::open(url, postgres::snapshot_reads::kConnectTimeout);
    if (!db) return db.error();
    postgres::Connection& c = **db;
    RestoreTarget out;
    auto sessions = c.exec(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'");
    if (!sessions) return sessions.error();
    out.other_sessions = std::stoll(sessions->text(0, 0));
    auto has = c.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!has) return has.error();
    out.has_schema = has->boolean(0, 0);
    if (!out.has_schema) return out;
    auto version = postgres::schema_version(c);
    if (!version) return version.error();
    out.schema_version = *version;
    // Each table that holds content, when this schema has it.
    auto any = c.exec(
        "SELECT bool_or(n > 0) FROM (SELECT (xpath('/row/n/text()', query_to_xml("
        "'SELECT count(*) AS n FROM (SELECT 1 FROM ' || quote_ident(t) || ' LIMIT 1) x', false, true, '')))[1]::text::int AS n "
        "FROM unnest(ARRAY['articles','authors','comments','users','reports','bans','audit_log','live_updates',"
        "'thread_policies','media']) AS t WHERE to_regclass(t) IS NOT NULL) counts");
    if (!any) return any.error();
    out.empty = any->rows() == 0 || any->text(0, 0) != "t";
    return out;
}

domain::Result<std::unique_ptr<AdvisoryLease>> AdvisoryLease::try_acquire(const std::string& url, std::int64_t key) {
    auto db = postgres::Connection::open(url, postgres::snapshot_reads::kConnectTimeout);
    if (!db) return db.error();
    auto got = (*db)->run(postgres::snapshot_reads::kTryLock, postgres::Params().add(key));
    if (!got) return got.error();
    if (!got->boolean(0, 0)) return std::unique_ptr<AdvisoryLease>();
    return std::unique_ptr<AdvisoryLease>(new postgres::snapshot_reads::PgAdvisoryLease(std::move(*db)));
}

}  // namespace tribune::store
