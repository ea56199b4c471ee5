#pragma once
// Table rows as domain values (store/common/rows.hpp over a Statement's current row), and the
// column lists of the moderation tables in the order the readers below expect.

#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/common/columns.hpp"
#include "store/sqlite/statement.hpp"

namespace tribune::store::sqlite {

// The users table's role column predates the newsroom's roles and SQLite cannot widen its CHECK
// without rebuilding a table others reference: an author or editor is stored as role 'reader'
// with newsroom_role 'author' or 'editor' (migration 8). stored_role() splits a role that way.
inline constexpr std::string_view kUserColumns =
    "id, email, name, role, password_hash, created_at, disabled, newsroom_role, email_verified, badge";
struct StoredRole {
    std::string_view role;           // users.role
    std::string_view newsroom_role;  // users.newsroom_role ("" unless author or editor)
};
StoredRole stored_role(domain::Role r);
inline constexpr std::string_view kSessionColumns = "token_hash, user_id, csrf_token, created_at, expires_at";
inline constexpr std::string_view kReportColumns = "id, comment_id, reason, reporter, created_at, resolved";
inline constexpr std::string_view kBanColumns =
    "id, kind, value, reason, created_by, created_at, expires_at, lifted";
inline constexpr std::string_view kAuditColumns =
    "id, at, actor_user_id, actor, action, target, before_json, after_json";

/// The comment in the current row, whose columns are kCommentColumns from column `first`.
domain::Comment read_comment(const Statement& row, int first = 0);

/// The row's kUserColumns, kSessionColumns, kReportColumns, kBanColumns or kAuditColumns.
domain::User read_user(const Statement& row);
domain::Session read_session(const Statement& row);
domain::Report read_report(const Statement& row);
domain::Ban read_ban(const Statement& row);
domain::AuditEntry read_audit_entry(const Statement& row);

/// Steps `st` to the end, mapping each row with `read(const Statement&) -> T`.
template <class T, class Read>
domain::Result<std::vector<T>> collect(Statement& st, Read&& read) {
    std::vector<T> out;
    for (;;) {
        auto row = st.step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(read(st));
    }
}

}  // namespace tribune::store::sqlite
