#include "store/common/export_sql.hpp"

#include "store/common/columns.hpp"

namespace tribune::store {
namespace {

// SELECT `columns` FROM `table` WHERE id > `after` ORDER BY id LIMIT `limit`
std::string select_after(std::string_view columns, std::string_view table, std::string_view after,
                         std::string_view limit) {
    std::string s("SELECT ");
    s += columns;
    s += " FROM ";
    s += table;
    s += " WHERE id > ";
    s += after;
    s += " ORDER BY id LIMIT ";
    s += limit;
    return s;
}

}  // namespace

std::string export_by_id_sql(std::string_view columns, std::string_view table, std::string_view after,
                             std::string_view limit) {
    return select_after(columns, table, after, limit);
}

std::string export_comments_sql(std::string_view after, std::string_view limit) {
    std::string s("WITH c AS (");
    s += select_after(std::string(kCommentColumns) + ", author_email, notify", "comments", after, limit);
    s += ") SELECT c.*, e.text, e.replaced_at, e.edited_by FROM c"
         " LEFT JOIN comment_edits AS e ON e.comment_id = c.id ORDER BY c.id, e.id";
    return s;
}

}  // namespace tribune::store
