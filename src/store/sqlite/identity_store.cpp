// SqliteStore's IdentityStore methods (store/identity_store.hpp): the shared steps
// (common/identity_steps.hpp) as jobs of the single writer, or on a reader's connection. The
// account a sign-in settles on is read with this engine's row mapper, in the same transaction.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/identity_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

Result<ExternalSignIn> sqlite_signed_in(Connection& db, Result<identity_steps::SignedInAccount> account) {
    if (!account) return account.error();
    auto user = user_by_id(db, account->user_id);
    if (!user) return user.error();
    return ExternalSignIn{std::move(*user), account->created};
}

}  // namespace

Result<SignInRequest> SqliteStore::insert_sign_in_request(const SignInRequest& request) {
    if (auto ok = identity_steps::check_sign_in_request(request); !ok) return ok.error();
    return write<SignInRequest>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::insert_sign_in_request(session, request);
    });
}

Result<std::optional<SignInRequest>> SqliteStore::pending_sign_in_request(std::int64_t id, domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::pending_sign_in_request(session, id, now);
    });
}

Result<SignInRequest> SqliteStore::take_sign_in_request(std::string_view token_hash, SignInKind kind,
                                                        domain::Time now) {
    if (auto ok = identity_steps::check_token_hash(token_hash); !ok) return ok.error();
    return write<SignInRequest>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::take_sign_in_request(session, token_hash, kind, now);
    });
}

Result<std::int64_t> SqliteStore::count_sign_in_requests(SignInKind kind, std::string_view subject,
                                                         domain::Time since) {
    if (auto ok = identity_steps::check_subject(subject); !ok) return ok.error();
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::count_sign_in_requests(session, kind, subject, since);
    });
}

Result<ExternalSignIn> SqliteStore::sign_in_by_email(std::string_view email, std::string_view default_name,
                                                     domain::Time now) {
    if (auto ok = identity_steps::check_email(email); !ok) return ok.error();
    if (auto ok = identity_steps::check_account_name(default_name); !ok) return ok.error();
    return write<ExternalSignIn>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return sqlite_signed_in(db, identity_steps::sign_in_by_email(session, email, default_name, now));
    });
}

Result<ExternalSignIn> SqliteStore::sign_in_external(const ExternalProfile& profile, domain::Time now) {
    if (auto ok = identity_steps::check_profile(profile); !ok) return ok.error();
    return write<ExternalSignIn>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return sqlite_signed_in(db, identity_steps::sign_in_external(session, profile, now));
    });
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteStore::external_identities(domain::UserId user_id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::external_identities(session, user_id);
    });
}

Result<std::vector<std::string>> SqliteStore::claim_comments(domain::UserId user_id, std::string_view token_hash) {
    if (auto ok = identity_steps::check_user_id(user_id); !ok) return ok.error();
    if (auto ok = identity_steps::check_token_hash(token_hash); !ok) return ok.error();
    return write<std::vector<std::string>>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::claim_comments(session, user_id, token_hash);
    });
}

Result<std::vector<std::string>> SqliteStore::rename_account(domain::UserId user_id, std::string_view name) {
    if (auto ok = identity_steps::check_user_id(user_id); !ok) return ok.error();
    if (auto ok = identity_steps::check_account_name(name); !ok) return ok.error();
    return write<std::vector<std::string>>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::rename_account(session, user_id, name);
    });
}

Result<std::vector<OwnComment>> SqliteStore::account_comments(domain::UserId user_id, int limit,
                                                              std::optional<std::int64_t> before_id) {
    if (auto ok = identity_steps::check_page_size(limit, before_id); !ok) return ok.error();
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return identity_steps::account_comments(session, user_id, limit, before_id);
    });
}

}  // namespace tribune::store::sqlite
