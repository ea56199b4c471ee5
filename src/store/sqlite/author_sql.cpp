#include "store/sqlite/author_sql.hpp"

#include "store/sqlite/statement.hpp"

namespace tribune::store::sqlite {

const char* author_comments_where(const domain::AuthorKey& author) {
    if (author.user_id) return "author_user_id = ?1";
    if (!author.token_hash.empty()) return "author_token_hash = ?1 AND author_token_hash <> ''";
    // Kept by imports only (comments_by_email).
    return "author_email = ?1 AND author_email <> ''";
}

void bind_author(Statement& st, const domain::AuthorKey& author) {
    if (author.user_id) {
        st.bind(1, *author.user_id);
        return;
    }
    st.bind(1, author.token_hash.empty() ? author.email : author.token_hash);
}

std::string reporter_of(const domain::AuthorKey& author) {
    std::string s;
    if (author.user_id) {
        s = "u:";
        s += std::to_string(*author.user_id);
        return s;
    }
    if (author.token_hash.empty()) return s;  // an email key files no reports
    s = "t:";
    s += author.token_hash;
    return s;
}

}  // namespace tribune::store::sqlite
