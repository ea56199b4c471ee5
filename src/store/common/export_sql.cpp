#include "store/common/export_sql.hpp"

#include "store/common/columns.hpp"

namespace tribune::store {

std::string export_articles_sql(std::string_view after, std::string_view limit) {
    std::string s("SELECT ");
    s += kArticleColumns;
    s += " FROM articles WHERE id > ";
    s += after;
    s += " ORDER BY id LIMIT ";
    s += limit;
    return s;
}

std::string export_comments_sql(std::string_view after, std::string_view limit) {
    std::string s("WITH c AS (SELECT ");
    s += kCommentColumns;
    s += " FROM comments WHERE id > ";
    s += after;
    s += " ORDER BY id LIMIT ";
    s += limit;
    s += ") SELECT c.*, e.text, e.replaced_at, e.edited_by FROM c"
         " LEFT JOIN comment_edits AS e ON e.comment_id = c.id ORDER BY c.id, e.id";
    return s;
}

}  // namespace tribune::store
