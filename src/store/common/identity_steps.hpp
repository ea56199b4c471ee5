#pragma once
// The identity role (store/identity_store.hpp), written once over SqlSession in the SQL both
// engines run. Each engine's IdentityStore method checks its arguments with the check_* steps,
// opens its transaction (or read) and calls one of these; the steps that settle on an account
// return its id, and the engine reads the account with its own row mapper on the same connection.
// The privacy role calls erase_sign_ins inside its erasure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/common/sql_session.hpp"
#include "store/identity_types.hpp"

namespace tribune::store::identity_steps {

using domain::Result;

/// The stored name of a kind ("email_link", "oidc", "handoff").
std::string_view to_string(SignInKind kind);

/// The longest account name kept (the service checks the configured limit in characters; this
/// bounds what reaches the store).
inline constexpr std::size_t kMaxAccountNameBytes = 256;
/// The longest hash of a sign-in secret (service::hash_author_token: 64 hex digits).
inline constexpr std::size_t kMaxTokenHashBytes = 128;
/// The longest OpenID nonce or PKCE verifier (RFC 7636 allows 128 characters).
inline constexpr std::size_t kMaxSignInSecretBytes = 256;
/// The most comments account_comments lists at once.
inline constexpr int kMaxOwnComments = 200;
/// The characters of an own comment's excerpt.
inline constexpr std::size_t kExcerptChars = 200;

/// Argument checks, before any transaction opens. Errors: kInvalid.
Result<void> check_sign_in_request(const SignInRequest& request);
Result<void> check_token_hash(std::string_view token_hash);
Result<void> check_subject(std::string_view subject);
Result<void> check_email(std::string_view email);
Result<void> check_account_name(std::string_view name);
Result<void> check_profile(const ExternalProfile& profile);
Result<void> check_user_id(domain::UserId user_id);
Result<void> check_page_size(int limit, std::optional<std::int64_t> before_id);

Result<SignInRequest> insert_sign_in_request(SqlSession& db, const SignInRequest& request);
/// A read.
Result<std::optional<SignInRequest>> pending_sign_in_request(SqlSession& db, std::int64_t id, domain::Time now);
Result<SignInRequest> take_sign_in_request(SqlSession& db, std::string_view token_hash, SignInKind kind,
                                           domain::Time now);
/// A read.
Result<std::int64_t> count_sign_in_requests(SqlSession& db, SignInKind kind, std::string_view subject,
                                            domain::Time since);

/// The account a sign-in settled on, by id, and whether it was made by it.
struct SignedInAccount {
    domain::UserId user_id = 0;
    bool created = false;
};
Result<SignedInAccount> sign_in_by_email(SqlSession& db, std::string_view email, std::string_view default_name,
                                         domain::Time now);
Result<SignedInAccount> sign_in_external(SqlSession& db, const ExternalProfile& profile, domain::Time now);

/// The placeholder address of an identity that named no usable email: 32 hex digits of a hash
/// of provider and subject, "@accounts.invalid" (domain::is_placeholder_email).
std::string placeholder_email(std::string_view provider, std::string_view subject);

/// A read.
Result<std::vector<std::pair<std::string, std::string>>> external_identities(SqlSession& db, domain::UserId user_id);
Result<std::vector<std::string>> claim_comments(SqlSession& db, domain::UserId user_id, std::string_view token_hash);
Result<std::vector<std::string>> rename_account(SqlSession& db, domain::UserId user_id, std::string_view name);
/// A read.
Result<std::vector<OwnComment>> account_comments(SqlSession& db, domain::UserId user_id, int limit,
                                                 std::optional<std::int64_t> before_id);

/// Removes the pending sign-ins of a person being erased: email links to `addresses`, and the
/// hand-offs to their account when they have one (privacy erasure, in its transaction).
Result<void> erase_sign_ins(SqlSession& db, const std::vector<std::string>& addresses,
                            std::optional<domain::UserId> user_id);

}  // namespace tribune::store::identity_steps
