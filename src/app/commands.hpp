#pragma once
// The command line's subcommands other than serve.

#include <istream>
#include <string>

#include "app/config.hpp"

namespace tribune::app {

/// `tribune migrate`: brings the store's schema up to date. Returns the exit code.
int migrate(const Config& config);

/// `tribune check`: SQLite's full integrity check of the configured store, read-only, safe while
/// the server runs. Prints "ok" or the problems found; returns 0 when sound, 1 when damaged or
/// unreadable, 2 when there is nothing to check (no file, or a PostgreSQL store).
int check(const Config& config);

/// `tribune migrate-store --from URL --to URL [--force]` (app/migrate_store.hpp) on stdout and
/// stderr. Returns the exit code.
int migrate_store(const std::string& from, const std::string& to, bool force);

/// `tribune user add --email E --name N --role R`, the password read from `password_in` (one
/// line). Returns the exit code.
int add_user(const Config& config, const std::string& email, const std::string& name, const std::string& role,
             std::istream& password_in);

/// `tribune comment approve|reject|spam ID`. Returns the exit code.
int moderate_comment(const Config& config, const std::string& action, const std::string& id);

}  // namespace tribune::app
