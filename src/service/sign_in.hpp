#pragma once
// Readers signing in without a password: a link mailed to their address, a token the newsroom's
// own site signed (SSO), or a trip to an OpenID provider. Each ends in a session (sessions.hpp);
// a sign-in that began in the widget on another site ends with a one-time hand-off code the
// widget exchanges for a session token it sends in a header, so no cookie is needed across sites.

#include <optional>
#include <string>
#include <string_view>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "service/context.hpp"
#include "service/sessions.hpp"

namespace tribune::service {

inline constexpr std::chrono::minutes kSignInLinkLifetime{15};
inline constexpr std::chrono::minutes kHandoffLifetime{5};
inline constexpr std::chrono::minutes kOidcTripLifetime{10};
inline constexpr int kSignInLinksPerAddress = 3;  // per kSignInLinkLifetime

/// Where a finished sign-in sends the browser: a local path ("/articles/x"), an allowed host
/// page (an absolute URL whose origin is in IdentityConfig::return_origins), or "" (anything
/// else: not a path of ours, too long, control characters, another origin).
std::string checked_return_to(const IdentityConfig& config, std::string_view return_to);

/// Whether `return_to` (as checked_return_to returns it) is a host page on another site.
bool is_host_page(std::string_view return_to);

/// Whether `challenge` has the shape of a hand-off challenge: base64url of a SHA-256 (43 characters).
bool is_handoff_challenge(std::string_view challenge);

/// Mails a sign-in link to `email` (made canonical here). The same answer whatever the address:
/// an unknown address gets an account when the link is used; a staff account's address gets no
/// link (staff sign in with their password), silently. A `return_to` on a host page (the widget)
/// is kept only with a `handoff_challenge` (is_handoff_challenge), which the hand-off code at the
/// end is bound to. Errors: kInvalid (field "email"), kRateLimited (this address's network, or
/// this email past kSignInLinksPerAddress), kNotFound when email links are off (no mail configured).
domain::Result<void> request_sign_in_link(Context& ctx, std::string_view email, std::string_view return_to,
                                          std::string_view handoff_challenge, const std::string& client_ip);

/// The token of a mailed link, derived from the request's salt with the mail key, so the token
/// itself is never stored (only its hash) and only a node with the key can make it.
std::string sign_in_link_token(std::string_view mail_key, std::string_view salt);

/// Where a finished sign-in goes next.
struct FinishedSignIn {
    Login login;
    std::string return_to;          // checked when the sign-in began; "" for none
    std::string mode;               // "page", "popup" or "widget"
    std::string handoff_challenge;  // a host page return_to's: what its hand-off code is bound to
};

/// Uses a mailed link's token: once, within kSignInLinkLifetime. Signs the reader in (making a
/// reader account on first use) with the address marked verified. Errors: kUnauthenticated
/// (unknown, used or expired link; a staff or disabled account), kRateLimited.
domain::Result<FinishedSignIn> use_sign_in_link(Context& ctx, std::string_view token, const std::string& client_ip);

/// A one-time code for `user_id` that hands a finished sign-in to the widget on a host page,
/// bound to `challenge` (FinishedSignIn::handoff_challenge).
domain::Result<std::string> new_handoff_code(Context& ctx, domain::UserId user_id, std::string_view challenge);

/// Exchanges a hand-off code for a session, with the secret (`verifier`) whose S256 hash the
/// code is bound to. Errors: kUnauthenticated (unknown, used, expired, another browser's),
/// kRateLimited.
domain::Result<Login> use_handoff_code(Context& ctx, std::string_view code, std::string_view verifier,
                                       const std::string& client_ip);

/// Verifies the newsroom's SSO token and signs its reader in (the account made on first use,
/// its name and badge taken from the token each time). Errors: kNotFound (SSO is off),
/// kUnauthenticated (the token is refused: the detail says why), kRateLimited, kInvalid (no name).
domain::Result<Login> sign_in_with_sso(Context& ctx, std::string_view token, const std::string& client_ip);

/// The start of a trip to an OpenID provider: where to send the browser, and the trip's `state`
/// (which the transport also binds to the browser, so a callback from another browser fails).
struct OidcTrip {
    std::string url;
    std::string state;
};

/// Begins a trip to OpenID provider `provider`. Errors: kNotFound (no such provider),
/// kUnavailable (its discovery document cannot be read), kRateLimited.
domain::Result<OidcTrip> start_oidc(Context& ctx, std::string_view provider, std::string_view return_to,
                                    std::string_view mode, std::string_view handoff_challenge,
                                    const std::string& client_ip);

/// Ends the trip: checks `state` (once, within kOidcTripLifetime), exchanges `code`, verifies the
/// ID token (signature with the provider's keys, issuer, audience, nonce, expiry) and signs the
/// reader in. Errors: kUnauthenticated (bad state, refused code, bad token), kUnavailable.
domain::Result<FinishedSignIn> finish_oidc(Context& ctx, std::string_view provider, std::string_view code,
                                           std::string_view state);

/// The URL the provider sends the browser back to.
std::string oidc_redirect_uri(const IdentityConfig& config, std::string_view provider);

}  // namespace tribune::service
