#include "store/sqlite/sqlite_store.hpp"

#include <utility>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/file_checks.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/media_files.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/shm_fault_guard.hpp"
#include "store/sqlite/start_check.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(SqliteOptions options) {
    install_shm_fault_guard();
    if (auto refused = check_database_path(options.path)) return std::move(*refused);
    auto db = Connection::open(options.path, OpenMode::kWriter, options.busy_timeout);
    if (!db) return explain_open_failure(db.error(), options.path);
    const char* file = sqlite3_db_filename((*db)->handle(), "main");
    auto health = std::make_shared<StoreHealth>(file != nullptr ? file : options.path);
    forget_damage(health->path());
    // Before any write: a damaged file is refused, not written into.
    auto check = StartCheck::run(options.path, options.busy_timeout, options.start_check_budget, health);
    if (!check) return check.error();
    if (auto ok = migrate(**db); !ok) return explain_open_failure(ok.error(), options.path);
    sqlite3* writer_handle = (*db)->handle();
    auto writer = std::make_unique<GroupCommitWriter>(std::move(*db), options.max_batch_jobs);
    auto readers = std::make_unique<ReadPool>(options.path, options.busy_timeout, options.max_idle_readers);
    auto store = std::unique_ptr<SqliteStore>(
        new SqliteStore(std::move(writer), std::move(readers), std::move(health), writer_handle, std::move(*check)));
    store->media_dir_ = media_dir_for(options.path);
    return store;
}

SqliteStore::SqliteStore(std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReadPool> readers,
                         std::shared_ptr<StoreHealth> health, sqlite3* writer_handle,
                         std::unique_ptr<StartCheck> check)
    : writer_(std::move(writer)),
      readers_(std::move(readers)),
      health_(std::move(health)),
      writer_handle_(writer_handle),
      start_check_(std::move(check)) {}

// A background check stops first; readers close next; the writer closes last, so its connection
// checkpoints the WAL.
SqliteStore::~SqliteStore() {
    start_check_.reset();
    readers_.reset();
    // After a -shm fault this process's WAL index is a private copy: a checkpoint from it could
    // write stale pages into the database file.
    if (shm_fault_seen()) sqlite3_db_config(writer_handle_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    writer_.reset();
}

std::size_t SqliteStore::batches_committed() const { return writer_->batches_committed(); }

bool SqliteStore::damaged() const { return health_->damaged(); }

}  // namespace tribune::store::sqlite
