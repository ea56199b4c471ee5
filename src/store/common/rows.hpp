#pragma once
// Rows as domain values, for any engine's row type.

#include <cstdint>
#include <utility>

#include <vector>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "store/common/columns.hpp"
#include "store/store.hpp"

namespace tribune::store {

// `Row` reads column `col` (0-based) of one row: is_null(col), int64(col),
// optional_int64(col) and text(col) (a std::string, or something that converts to one).

/// The comment in `row`, whose columns are kCommentColumns starting at column `first`.
template <class Row>
domain::Comment comment_from_row(const Row& row, int first = 0) {
    domain::Comment c;
    c.id = row.int64(first + 0);
    c.page = row.text(first + 1);
    c.parent_id = row.optional_int64(first + 2);
    c.author.name = row.text(first + 3);
    // CHECK constraints keep role and status to the names parse_* accept.
    c.author.role = domain::parse_role(row.text(first + 4)).value_or(domain::Role::kReader);
    c.author.user_id = row.optional_int64(first + 5);
    c.author_token_hash = row.text(first + 6);
    c.text = row.text(first + 7);
    c.status = domain::parse_status(row.text(first + 8)).value_or(domain::CommentStatus::kPending);
    c.created_at = domain::from_micros(row.int64(first + 9));
    if (auto edited = row.optional_int64(first + 10)) c.edited_at = domain::from_micros(*edited);
    c.reply_count = row.int64(first + 11);
    c.ip_hash = row.text(first + 12);
    c.filter_reason = row.text(first + 13);
    c.featured = row.int64(first + 14) != 0;
    c.open_reports = row.int64(first + 15);
    c.author.badge = row.text(first + 16);
    c.author.verified = row.int64(first + 17) != 0;
    return c;
}

/// The edit in `row`: text, replaced_at, edited_by starting at column `first`.
template <class Row>
domain::CommentEdit edit_from_row(const Row& row, int first = 0) {
    return {row.text(first), domain::from_micros(row.int64(first + 1)), row.text(first + 2)};
}

/// Adds one row of export_comments_sql() (export_sql.hpp) to `out`: the comment (with its email and notify)
/// starts a record unless it is the last one's, and its edit (when not null) goes on its history.
template <class Row>
void add_exported_comment_row(std::vector<CommentRecord>& out, const Row& row) {
    if (out.empty() || out.back().comment.id != row.int64(0))
        out.push_back({comment_from_row(row), {}, row.text(kCommentColumnCount),
                       static_cast<int>(row.int64(kCommentColumnCount + 1))});
    if (!row.is_null(kCommentColumnCount + 3))
        out.back().edits.push_back(edit_from_row(row, kCommentColumnCount + 2));
}

}  // namespace tribune::store
