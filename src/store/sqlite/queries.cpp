#include "store/sqlite/queries.hpp"

#include <array>

namespace tribune::store::sqlite::sql {
namespace {

// The unary `+` on status keeps the planner off the status index for the default view, whose
// pages must come in id order straight from (page, id) rather than via a sort.
constexpr std::string_view kDefaultTopLevel =
    " AND (+status = 'approved' OR (+status = 'deleted' AND reply_count > 0)"
    " OR (+status = 'pending' AND ((?4 <> '' AND author_token_hash = ?4) OR author_user_id = ?5)))";

// Deleted replies never show; only top-level comments leave tombstones.
constexpr std::string_view kDefaultReplies =
    " AND (+status = 'approved'"
    " OR (+status = 'pending' AND ((?4 <> '' AND author_token_hash = ?4) OR author_user_id = ?5)))";

std::string build(ListScope scope, domain::SortOrder order, Visibility visibility) {
    const bool newest = order == domain::SortOrder::kNewest;
    std::string s = "SELECT ";
    s += kCommentColumns;
    s += " FROM comments WHERE ";
    s += scope == ListScope::kTopLevel ? "page = ?1 AND parent_id IS NULL" : "parent_id = ?1";
    s += newest ? " AND id < ?2" : " AND id > ?2";
    switch (visibility) {
        case Visibility::kDefault:
            s += scope == ListScope::kTopLevel ? kDefaultTopLevel : kDefaultReplies;
            break;
        case Visibility::kOneStatus: s += " AND status = ?4"; break;
        case Visibility::kAll: break;
    }
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT ?3";
    return s;
}

std::array<std::string, kListQueryCount> build_all() {
    std::array<std::string, kListQueryCount> all;
    for (auto scope : {ListScope::kTopLevel, ListScope::kReplies})
        for (auto order : {domain::SortOrder::kOldest, domain::SortOrder::kNewest})
            for (auto vis : {Visibility::kDefault, Visibility::kOneStatus, Visibility::kAll})
                all[list_query_index(scope, order, vis)] = build(scope, order, vis);
    return all;
}

}  // namespace

const std::string kSelectComment = "SELECT " + std::string(kCommentColumns) + " FROM comments WHERE id = ?1";

const std::string& list_comments(ListScope scope, domain::SortOrder order, Visibility visibility) {
    static const std::array<std::string, kListQueryCount> all = build_all();
    return all[list_query_index(scope, order, visibility)];
}

}  // namespace tribune::store::sqlite::sql
