#pragma once
// The command line's subcommands other than serve.

#include <string>

#include "app/config.hpp"

namespace tribune::app {

/// `tribune migrate`: brings the store's schema up to date. Returns the exit code.
int migrate(const Config& config);

/// `tribune migrate-store --from URL --to URL [--force]` (app/migrate_store.hpp) on stdout and
/// stderr. Returns the exit code.
int migrate_store(const std::string& from, const std::string& to, bool force);

/// `tribune comment approve|reject|spam ID`. Returns the exit code.
int moderate_comment(const Config& config, const std::string& action, const std::string& id);

}  // namespace tribune::app
