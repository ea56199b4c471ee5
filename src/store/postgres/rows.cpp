#include "store/postgres/rows.hpp"

#include "store/postgres/pg_result.hpp"

namespace tribune::store::postgres {

domain::Comment read_comment(const PgResult& r, int row) {
    domain::Comment c;
    c.id = r.int64(row, 0);
    c.page = r.text(row, 1);
    c.parent_id = r.optional_int64(row, 2);
    c.author.name = r.text(row, 3);
    // CHECK constraints keep role and status to the names parse_* accept.
    c.author.role = domain::parse_role(r.text_view(row, 4)).value_or(domain::Role::kReader);
    c.author.user_id = r.optional_int64(row, 5);
    c.author_token_hash = r.text(row, 6);
    c.text = r.text(row, 7);
    c.status = domain::parse_status(r.text_view(row, 8)).value_or(domain::CommentStatus::kPending);
    c.created_at = domain::from_micros(r.int64(row, 9));
    if (auto edited = r.optional_int64(row, 10)) c.edited_at = domain::from_micros(*edited);
    c.reply_count = r.int64(row, 11);
    return c;
}

domain::Article read_article(const PgResult& r, int row) {
    domain::Article a;
    a.id = r.int64(row, 0);
    a.slug = r.text(row, 1);
    a.title = r.text(row, 2);
    a.summary = r.text(row, 3);
    a.author = r.text(row, 4);
    a.body_markdown = r.text(row, 5);
    a.published_at = domain::from_micros(r.int64(row, 6));
    if (!r.is_null(row, 7)) {
        domain::Media m;
        m.kind = r.text(row, 7);
        m.url = r.text(row, 8);
        m.mime_type = r.text(row, 9);
        m.duration_seconds = static_cast<std::int32_t>(r.int64(row, 10));
        m.caption = r.text(row, 11);
        a.media = std::move(m);
    }
    return a;
}

}  // namespace tribune::store::postgres
