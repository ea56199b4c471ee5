#include "store/sqlite/rows.hpp"

#include "store/sqlite/statement.hpp"

namespace tribune::store::sqlite {

domain::Comment read_comment(const Statement& row) {
    domain::Comment c;
    c.id = row.int64(0);
    c.page = row.text(1);
    c.parent_id = row.optional_int64(2);
    c.author.name = row.text(3);
    // CHECK constraints keep role and status to the names parse_* accept.
    c.author.role = domain::parse_role(row.text(4)).value_or(domain::Role::kReader);
    c.author.user_id = row.optional_int64(5);
    c.author_token_hash = row.text(6);
    c.text = row.text(7);
    c.status = domain::parse_status(row.text(8)).value_or(domain::CommentStatus::kPending);
    c.created_at = domain::from_micros(row.int64(9));
    if (auto edited = row.optional_int64(10)) c.edited_at = domain::from_micros(*edited);
    c.reply_count = row.int64(11);
    return c;
}

domain::Article read_article(const Statement& row) {
    domain::Article a;
    a.id = row.int64(0);
    a.slug = row.text(1);
    a.title = row.text(2);
    a.summary = row.text(3);
    a.author = row.text(4);
    a.body_markdown = row.text(5);
    a.published_at = domain::from_micros(row.int64(6));
    if (!row.is_null(7)) {
        domain::Media m;
        m.kind = row.text(7);
        m.url = row.text(8);
        m.mime_type = row.text(9);
        m.duration_seconds = static_cast<std::int32_t>(row.int64(10));
        m.caption = row.text(11);
        a.media = std::move(m);
    }
    return a;
}

}  // namespace tribune::store::sqlite
