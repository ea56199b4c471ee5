#pragma once
// Column lists of the moderation tables and their rows as domain values. Flags are SMALLINT 0/1
// (migrations.cpp), read as integers.

#include <string_view>

#include "domain/account.hpp"
#include "domain/moderation.hpp"
#include "store/postgres/pg_result.hpp"

namespace tribune::store::postgres {

/// The user columns read_user() expects, in this order.
inline constexpr std::string_view kUserColumns =
    "id, email, name, role, password_hash, created_at, disabled, email_verified, badge";

/// The session columns read_session() expects, in this order.
inline constexpr std::string_view kSessionColumns = "token_hash, user_id, csrf_token, created_at, expires_at";

/// The report columns read_report() expects, in this order.
inline constexpr std::string_view kReportColumns = "id, comment_id, reason, reporter, created_at, resolved";

/// The ban columns read_ban() expects, in this order.
inline constexpr std::string_view kBanColumns =
    "id, kind, value, reason, created_by, created_at, expires_at, lifted";

/// The audit columns read_audit() expects, in this order.
inline constexpr std::string_view kAuditColumns =
    "id, at, actor_user_id, actor, action, target, before_json, after_json";

/// The thread policy columns read_thread_policy() expects, in this order.
inline constexpr std::string_view kThreadPolicyColumns = "page, moderation, closed, auto_close_days, signin_required";

domain::User read_user(const PgResult& r, int row);
domain::Session read_session(const PgResult& r, int row);
domain::Report read_report(const PgResult& r, int row);
domain::Ban read_ban(const PgResult& r, int row);
domain::AuditEntry read_audit(const PgResult& r, int row);
domain::ThreadPolicy read_thread_policy(const PgResult& r, int row);

}  // namespace tribune::store::postgres
