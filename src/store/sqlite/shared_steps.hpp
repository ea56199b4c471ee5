#pragma once
// Steps that several SqliteStore bodies run on the connection they already hold (inside their own
// read or write), so one body never calls another Store method and waits on itself.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::sqlite {

class Connection;
class Statement;

/// The comment with `id`, whatever its status. Errors: kNotFound.
domain::Result<domain::Comment> comment_by_id(Connection& db, domain::CommentId id);

/// A page's stored approved count; 0 for an unknown page.
domain::Result<std::int64_t> approved_count(Connection& db, std::string_view page);

/// The account with `id` / with this (lower-cased) email. Errors: kNotFound.
domain::Result<domain::User> user_by_id(Connection& db, domain::UserId id);
domain::Result<domain::User> user_by_email(Connection& db, std::string_view email);

/// Ends every session of an account.
domain::Result<void> end_user_sessions(Connection& db, domain::UserId user_id);

/// Removes the account and its sessions; false when there was none.
domain::Result<bool> delete_user(Connection& db, domain::UserId id);

/// Replaces before and after of every entry about `target` with {"erased":true}; returns how many.
domain::Result<std::int64_t> scrub_audit_target(Connection& db, std::string_view target);

/// Every ban on one identifier, lifted or not, id order (privacy export).
domain::Result<std::vector<domain::Ban>> bans_on(Connection& db, domain::BanKind kind, const std::string& value);

/// True when no article and no comment was ever stored.
domain::Result<bool> nothing_stored(Connection& db);

}  // namespace tribune::store::sqlite
