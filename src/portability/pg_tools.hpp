#pragma once
// Running PostgreSQL's client programs (pg_dump, pg_restore) for backups: the database URL goes
// in without its password, which travels in the child's PGPASSWORD, so `ps` never shows it.

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace tribune::portability {

/// Whether `url` names a PostgreSQL store (postgres:// or postgresql://).
bool is_postgres_url(std::string_view url);

/// A libpq URL split into the URL without its password and the password ("" for none): the
/// user-info password ("postgres://u:PW@h/db", percent-decoded) and a "password=" query
/// parameter are both taken out.
struct PgTarget {
    std::string url;  // safe to show and to pass on a command line
    std::string password;
};
PgTarget split_password(const std::string& url);

/// Runs `program` (looked up in PATH) with `args`, the target's password in PGPASSWORD and
/// PGCONNECT_TIMEOUT=10; its standard output goes to `stdout_path` ("" for /dev/null). Returns
/// the program's standard error (the last 4 KiB) in the error when it fails. Errors:
/// kUnavailable (cannot start, killed, non-zero exit).
domain::Result<void> run_pg_tool(const std::string& program, const std::vector<std::string>& args,
                                 const PgTarget& target, const std::string& stdout_path = "");

/// Like run_pg_tool, and returns what the program printed on its standard output (at most 64 MiB).
domain::Result<std::string> capture_pg_tool(const std::string& program, const std::vector<std::string>& args,
                                            const PgTarget& target);

}  // namespace tribune::portability
