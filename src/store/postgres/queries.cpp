#include "store/postgres/queries.hpp"

#include <array>
#include <memory>
#include <string>

namespace tribune::store::postgres::sql {
namespace {

// The kDefault visibility rules for `scope`; `token` and `user` name the viewer's parameters.
// Deleted replies never show; only top-level comments leave tombstones.
std::string default_visibility(ListScope scope, std::string_view token, std::string_view user) {
    std::string s(" AND (status = 'approved'");
    if (scope == ListScope::kTopLevel) s += " OR (status = 'deleted' AND reply_count > 0)";
    s += " OR (status = 'pending' AND ((";
    s += token;
    s += "::text <> '' AND author_token_hash = ";
    s += token;
    s += "::text) OR author_user_id = ";
    s += user;
    s += "::bigint)))";
    return s;
}

std::string build(ListScope scope, domain::SortOrder order, Visibility visibility) {
    const bool newest = order == domain::SortOrder::kNewest;
    std::string s("SELECT ");
    s += kCommentColumns;
    s += " FROM comments WHERE ";
    s += scope == ListScope::kTopLevel ? "page = $1::text AND parent_id IS NULL" : "parent_id = $1::bigint";
    s += newest ? " AND id < $2::bigint" : " AND id > $2::bigint";
    switch (visibility) {
        case Visibility::kDefault:
            s += default_visibility(scope, "$4", "$5");
            break;
        case Visibility::kOneStatus: s += " AND status = $4::text"; break;
        case Visibility::kAll: break;
    }
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT $3::bigint";
    return s;
}

std::string build_first_replies(Visibility visibility) {
    std::string s("SELECT r.*, p.ord FROM unnest($1::bigint[]) WITH ORDINALITY AS p (id, ord)"
                  " CROSS JOIN LATERAL (SELECT ");
    s += kCommentColumns;
    s += " FROM comments WHERE parent_id = p.id";
    if (visibility == Visibility::kDefault) s += default_visibility(ListScope::kReplies, "$3", "$4");
    s += " ORDER BY id ASC LIMIT $2::bigint) AS r ORDER BY p.ord, r.id";
    return s;
}

using Table = std::array<std::unique_ptr<Statement>, kListQueryCount>;

Table build_all() {
    Table all;
    for (auto scope : {ListScope::kTopLevel, ListScope::kReplies})
        for (auto order : {domain::SortOrder::kOldest, domain::SortOrder::kNewest})
            for (auto vis : {Visibility::kDefault, Visibility::kOneStatus, Visibility::kAll})
                all[list_query_index(scope, order, vis)] = std::make_unique<Statement>(build(scope, order, vis));
    return all;
}

std::string select_comment_sql(std::string_view suffix) {
    std::string s("SELECT ");
    s += kCommentColumns;
    s += " FROM comments WHERE id = $1::bigint";
    s += suffix;
    return s;
}

}  // namespace

const Statement& select_comment() {
    static const Statement st(select_comment_sql(""));
    return st;
}

const Statement& lock_comment() {
    // NO KEY UPDATE: it does not block inserting replies, whose foreign key takes KEY SHARE.
    static const Statement st(select_comment_sql(" FOR NO KEY UPDATE"));
    return st;
}

const Statement& list_comments(ListScope scope, domain::SortOrder order, Visibility visibility) {
    static const Table all = build_all();
    return *all[list_query_index(scope, order, visibility)];
}

const Statement& first_replies(Visibility visibility) {
    static const Statement with_rules(build_first_replies(Visibility::kDefault));
    static const Statement every_status(build_first_replies(Visibility::kAll));
    return visibility == Visibility::kDefault ? with_rules : every_status;
}

namespace {

enum class AuthorForm { kUser, kToken, kEmail };

std::string author_sql(std::string_view before, AuthorForm form, int n, std::string_view after) {
    const std::string param = "$" + std::to_string(n);
    std::string s(before);
    switch (form) {
        case AuthorForm::kUser: s += "author_user_id = " + param + "::bigint"; break;
        case AuthorForm::kToken: s += "(author_token_hash = " + param + "::text AND author_token_hash <> '')"; break;
        case AuthorForm::kEmail: s += "(author_email = " + param + "::text AND author_email <> '')"; break;
    }
    s += after;
    return s;
}

}  // namespace

ByAuthor::ByAuthor(std::string_view before, int n, std::string_view after)
    : by_user_(author_sql(before, AuthorForm::kUser, n, after)),
      by_token_(author_sql(before, AuthorForm::kToken, n, after)),
      by_email_(author_sql(before, AuthorForm::kEmail, n, after)) {}

const Statement& ByAuthor::of(const domain::AuthorKey& author) const {
    if (author.user_id) return by_user_;
    return author.token_hash.empty() ? by_email_ : by_token_;
}

void add_author(Params& params, const domain::AuthorKey& author) {
    if (author.user_id) {
        params.add(*author.user_id);
        return;
    }
    params.add(author.token_hash.empty() ? author.email : author.token_hash);
}

}  // namespace tribune::store::postgres::sql
