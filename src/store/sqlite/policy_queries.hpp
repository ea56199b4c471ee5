#pragma once
// Per-thread policy overrides and install-wide settings. Writes run on the writer thread inside
// a group-commit batch; reads on a read-only connection.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::sqlite {

class Connection;

domain::Result<std::optional<domain::ThreadPolicy>> get_thread_policy(Connection& db, std::string_view page);

/// Replaces every field of the page's row.
domain::Result<void> put_thread_policy(Connection& db, const domain::ThreadPolicy& p);

domain::Result<std::optional<std::string>> get_setting(Connection& db, std::string_view key);

domain::Result<void> put_setting(Connection& db, std::string_view key, std::string_view value);

}  // namespace tribune::store::sqlite
