#pragma once
// Scheduled backups while serving (backup_every_hours, backup_keep, backup_dir): one verified
// backup (portability/backup.hpp) per interval, named by its UTC time, the oldest beyond
// backup_keep removed. On PostgreSQL only the node holding an advisory lease backs up.

#include <stop_token>

#include "app/config.hpp"

namespace tribune::app {

/// Runs until `stop` when config.backup_every_hours > 0; returns at once otherwise. The first
/// backup is due an interval after the newest one already in the directory (or after start).
/// Failures are logged (backup_failed) and tried again at the next interval.
void run_backup_schedule(const Config& config, std::stop_token stop);

}  // namespace tribune::app
