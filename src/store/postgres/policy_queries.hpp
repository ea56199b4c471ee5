#pragma once
// Per-thread policy overrides and install-wide settings. Semantics as in store/store.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::postgres {

class Connection;

/// nullopt for a page without overrides.
domain::Result<std::optional<domain::ThreadPolicy>> get_thread_policy(Connection& db, std::string_view page);

/// Inserts or replaces the page's row.
domain::Result<void> put_thread_policy(Connection& db, const domain::ThreadPolicy& p);

/// The earliest created_at of the page's comments, whatever their status; nullopt for none.
domain::Result<std::optional<domain::Time>> first_comment_at(Connection& db, std::string_view page);

/// nullopt for an unknown key.
domain::Result<std::optional<std::string>> get_setting(Connection& db, std::string_view key);

/// Inserts or replaces.
domain::Result<void> put_setting(Connection& db, std::string_view key, std::string_view value);

}  // namespace tribune::store::postgres
