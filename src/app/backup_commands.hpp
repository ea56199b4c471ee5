#pragma once
// `tribune backup DEST` and `tribune restore SRC` (portability/backup.hpp, restore.hpp) on the
// configured store.

#include <string>

#include "app/config.hpp"

namespace tribune::app {

/// Writes a verified backup of the configured store into `dest`. Returns the exit code.
int backup_store(const Config& config, const std::string& dest);

/// Restores the backup at `src` into the configured store, which must be empty. Returns the
/// exit code.
int restore_store(const Config& config, const std::string& src);

}  // namespace tribune::app
