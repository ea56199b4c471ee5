// PgStore's IdentityStore methods (store/identity_store.hpp): the shared steps
// (common/identity_steps.hpp) in a write transaction or on a pooled connection. The
// account a sign-in settles on is read with this engine's row mapper, in the same transaction.
#include "store/postgres/pg_store.hpp"

#include "store/common/identity_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/shared_steps.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

Result<ExternalSignIn> pg_signed_in(Connection& db, Result<identity_steps::SignedInAccount> account) {
    if (!account) return account.error();
    auto user = user_by_id(db, account->user_id);
    if (!user) return user.error();
    return ExternalSignIn{std::move(*user), account->created};
}

}  // namespace

Result<SignInRequest> PgStore::insert_sign_in_request(const SignInRequest& request) {
    if (auto ok = identity_steps::check_sign_in_request(request); !ok) return ok.error();
    return run_write<SignInRequest>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::insert_sign_in_request(session, request);
    });
}

Result<std::optional<SignInRequest>> PgStore::pending_sign_in_request(std::int64_t id, domain::Time now) {
    return run_read<std::optional<SignInRequest>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::pending_sign_in_request(session, id, now);
    });
}

Result<SignInRequest> PgStore::take_sign_in_request(std::string_view token_hash, SignInKind kind,
                                                        domain::Time now) {
    if (auto ok = identity_steps::check_token_hash(token_hash); !ok) return ok.error();
    return run_write<SignInRequest>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::take_sign_in_request(session, token_hash, kind, now);
    });
}

Result<std::int64_t> PgStore::count_sign_in_requests(SignInKind kind, std::string_view subject,
                                                         domain::Time since) {
    if (auto ok = identity_steps::check_subject(subject); !ok) return ok.error();
    return run_read<std::int64_t>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::count_sign_in_requests(session, kind, subject, since);
    });
}

Result<ExternalSignIn> PgStore::sign_in_by_email(std::string_view email, std::string_view default_name,
                                                     domain::Time now) {
    if (auto ok = identity_steps::check_email(email); !ok) return ok.error();
    if (auto ok = identity_steps::check_account_name(default_name); !ok) return ok.error();
    return run_write<ExternalSignIn>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return pg_signed_in(db, identity_steps::sign_in_by_email(session, email, default_name, now));
    });
}

Result<ExternalSignIn> PgStore::sign_in_external(const ExternalProfile& profile, domain::Time now) {
    if (auto ok = identity_steps::check_profile(profile); !ok) return ok.error();
    return run_write<ExternalSignIn>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return pg_signed_in(db, identity_steps::sign_in_external(session, profile, now));
    });
}

Result<std::vector<std::pair<std::string, std::string>>> PgStore::external_identities(domain::UserId user_id) {
    return run_read<std::vector<std::pair<std::string, std::string>>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::external_identities(session, user_id);
    });
}

Result<std::vector<std::string>> PgStore::claim_comments(domain::UserId user_id, std::string_view token_hash) {
    if (auto ok = identity_steps::check_user_id(user_id); !ok) return ok.error();
    if (auto ok = identity_steps::check_token_hash(token_hash); !ok) return ok.error();
    return run_write<std::vector<std::string>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::claim_comments(session, user_id, token_hash);
    });
}

Result<std::vector<std::string>> PgStore::rename_account(domain::UserId user_id, std::string_view name) {
    if (auto ok = identity_steps::check_user_id(user_id); !ok) return ok.error();
    if (auto ok = identity_steps::check_account_name(name); !ok) return ok.error();
    return run_write<std::vector<std::string>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::rename_account(session, user_id, name);
    });
}

Result<std::vector<OwnComment>> PgStore::account_comments(domain::UserId user_id, int limit,
                                                              std::optional<std::int64_t> before_id) {
    if (auto ok = identity_steps::check_page_size(limit, before_id); !ok) return ok.error();
    return run_read<std::vector<OwnComment>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return identity_steps::account_comments(session, user_id, limit, before_id);
    });
}

}  // namespace tribune::store::postgres
