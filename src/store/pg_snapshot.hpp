#pragma once
// PostgreSQL for `tribune backup`: the store's summaries taken in the very snapshot pg_dump
// dumps, and a lease that lets one node of a cluster run the scheduled backups.

#include <functional>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "store/common/media_transfer.hpp"
#include "store/transfer_types.hpp"

namespace tribune::store {

struct SnapshotSummary {
    StoreSummary summary;
    MediaSummary media;
    int schema_version = 0;
};

/// Connects to `url`, opens a REPEATABLE READ READ ONLY transaction and exports its snapshot
/// (pg_export_snapshot()); calls `while_held(snapshot name)` (pg_dump --snapshot=NAME reads
/// exactly that state); then, still in that transaction, summarises the store and its media as
/// Store::summary() and summarize_media() would. So the summary describes what the dump holds,
/// whatever was written meanwhile. Errors: `while_held`'s; kUnavailable.
domain::Result<SnapshotSummary> summarize_in_snapshot(
    const std::string& url, const std::function<domain::Result<void>(const std::string&)>& while_held);

/// What a database a backup is to be restored into holds (`tribune restore`), read without
/// migrating it.
struct RestoreTarget {
    bool has_schema = false;  // Tribune's tables are there (schema_migrations exists)
    int schema_version = 0;   // when they are
    bool empty = true;        // no article, comment, account, report, ban, audit entry, policy or media
    std::int64_t other_sessions = 0;  // other connections to this database (a running node's pool)
};
domain::Result<RestoreTarget> inspect_restore_target(const std::string& url);

/// A PostgreSQL session-level advisory lock held on a connection of its own, for as long as
/// the object lives and the connection stays up: the node holding it does the cluster's
/// scheduled work. The password in `url` never reaches an error.
class AdvisoryLease {
public:
    /// The lease when this process got the lock `key`; nullptr when another session holds it.
    /// Errors: kUnavailable when the database cannot be reached.
    static domain::Result<std::unique_ptr<AdvisoryLease>> try_acquire(const std::string& url, std::int64_t key);
    virtual ~AdvisoryLease() = default;
    /// Whether the connection (and so the lock) is still up: one round trip.
    virtual bool held() = 0;
};

}  // namespace tribune::store
