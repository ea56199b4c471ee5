#pragma once
// The values of the identity role (store/identity_store.hpp): pending sign-ins and the
// identities other systems vouch for.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.hpp"
#include "domain/time.hpp"

namespace tribune::store {

/// What a pending sign-in is waiting for.
enum class SignInKind {
    kEmailLink,  // a mailed link; `subject` is the canonical address
    kOidc,       // a trip to an OpenID provider; `subject` is the provider's name
    kHandoff,    // a one-time code that hands a finished sign-in to the widget; `subject` is the user id
};

inline constexpr std::size_t kMaxSignInSubjectBytes = 254;
inline constexpr std::size_t kMaxReturnToBytes = 2048;
inline constexpr std::size_t kMaxProviderBytes = 64;
inline constexpr std::size_t kMaxExternalSubjectBytes = 255;

/// One pending sign-in, used at most once. Only the hash of its secret (the mailed link's
/// token, the OpenID `state`, the hand-off code) is kept.
struct SignInRequest {
    std::int64_t id = 0;            // assigned by the store
    std::string token_hash;         // service::hash_author_token of the secret
    SignInKind kind = SignInKind::kEmailLink;
    std::string subject;            // see SignInKind; 1..kMaxSignInSubjectBytes
    std::string nonce;              // kOidc: the ID token's expected nonce; else ""
    std::string code_verifier;      // kOidc: the PKCE verifier; else ""
    std::string return_to;          // where the browser goes afterwards; ""; at most kMaxReturnToBytes
    std::string mode;               // "page", "popup" or "widget" (how the result reaches the reader)
    /// A sign-in that ends in the widget: the S256 hash of a secret only the widget's browser
    /// holds. The hand-off code made at the end carries it, and is exchanged only with the secret,
    /// so a code someone else obtained cannot sign this browser in as them. "" otherwise.
    std::string handoff_challenge;
    domain::Time created_at{};
    domain::Time expires_at{};
    bool operator==(const SignInRequest&) const = default;
};

/// A person another system vouches for: the newsroom's SSO ("sso") or an OpenID provider
/// ("oidc:" + its configured name), with its stable id for them.
struct ExternalProfile {
    std::string provider;           // 1..kMaxProviderBytes
    std::string subject;            // 1..kMaxExternalSubjectBytes (`sub`)
    std::string name;               // the display name to use (already validated)
    std::string email;              // canonical, or "" when none was given
    bool email_verified = false;    // the provider vouches for the address
    std::string badge;              // "" for none; at most domain::kMaxBadgeBytes
    bool update_name = false;       // the provider's name wins over one the reader chose (SSO)
};

/// What sign_in_external did.
struct ExternalSignIn {
    domain::User user;
    bool created = false;           // a new reader account was made
};

/// A signed-in reader's comment as their account page lists it.
struct OwnComment {
    std::int64_t id = 0;
    std::string page;
    std::string excerpt;            // the first 200 characters of the text
    std::string status;             // domain::to_string(CommentStatus)
    domain::Time created_at{};
};

}  // namespace tribune::store
