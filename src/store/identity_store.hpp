#pragma once
// The identity role of the Store: readers' sign-ins (mailed links, OpenID round trips, widget
// hand-offs), the identities other systems vouch for, and what a reader's account owns. Every
// call blocks and is its own transaction. Every argument is bounded as identity_types.hpp says;
// kInvalid otherwise, with nothing changed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/identity_types.hpp"

namespace tribune::store {

using domain::Result;

class IdentityStore {
public:
    virtual ~IdentityStore() = default;

    /// Stores a pending sign-in and returns it with its id. Expired requests are removed first
    /// (every kind), so the table stays small. Errors: kConflict (token_hash taken).
    virtual Result<SignInRequest> insert_sign_in_request(const SignInRequest& request) = 0;

    /// The request with this id, if it is still pending (not used, not expired at `now`).
    /// For the mail composer, which derives the link from it. nullopt otherwise.
    virtual Result<std::optional<SignInRequest>> pending_sign_in_request(std::int64_t id, domain::Time now) = 0;

    /// Uses a request: removes it and returns it when one with this hash and kind exists and has
    /// not expired at `now`. kNotFound otherwise (also for a second use: it is gone).
    virtual Result<SignInRequest> take_sign_in_request(std::string_view token_hash, SignInKind kind,
                                                       domain::Time now) = 0;

    /// Pending email-link requests for `email` made at or after `since` (a per-address limit
    /// that holds across nodes).
    virtual Result<std::int64_t> count_sign_in_requests(SignInKind kind, std::string_view subject,
                                                        domain::Time since) = 0;

    /// The reader account for a verified address: the account with this email when there is one
    /// (marked email_verified; returned as it is whatever its role: the caller decides whether
    /// that account may sign in this way), else a new reader account (name `default_name`,
    /// no password, email_verified). Canonical `email`.
    virtual Result<ExternalSignIn> sign_in_by_email(std::string_view email, std::string_view default_name,
                                                    domain::Time now) = 0;

    /// The account behind an external identity, in one transaction:
    /// - known (provider, subject): that account; its badge is set to profile.badge, its name to
    ///   profile.name when update_name, and email_verified when the profile vouches for the
    ///   account's own address;
    /// - else, when the profile carries a verified email of an existing *reader* account: that
    ///   account, linked to the identity from now on (staff accounts are never linked this way);
    /// - else a new reader account: profile.email when given and not taken, else a placeholder
    ///   address (domain::is_placeholder_email), linked to the identity.
    virtual Result<ExternalSignIn> sign_in_external(const ExternalProfile& profile, domain::Time now) = 0;

    /// The identities linked to an account: (provider, subject) pairs, provider order.
    virtual Result<std::vector<std::pair<std::string, std::string>>> external_identities(domain::UserId user_id) = 0;

    /// Gives an account the comments written under an author token: each comment whose
    /// author_token_hash is `token_hash` and which has no account gets author_user_id, the
    /// account's name, badge and verified mark, and loses the token hash (the account answers for
    /// it from then on, not whoever else holds the old token). Returns the pages whose comments changed.
    virtual Result<std::vector<std::string>> claim_comments(domain::UserId user_id, std::string_view token_hash) = 0;

    /// Sets an account's display name and shows it on every comment the account wrote (name,
    /// badge and verified mark from the account). Returns the pages whose comments changed.
    /// Errors: kNotFound.
    virtual Result<std::vector<std::string>> rename_account(domain::UserId user_id, std::string_view name) = 0;

    /// An account's comments, newest first, at most `limit` (1..200), before `before_id` when
    /// given (paging), deleted ones left out.
    virtual Result<std::vector<OwnComment>> account_comments(domain::UserId user_id, int limit,
                                                             std::optional<std::int64_t> before_id) = 0;
};

}  // namespace tribune::store
