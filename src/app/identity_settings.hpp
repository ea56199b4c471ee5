#pragma once
// The sign-in settings (sso_*, oidc_providers) read into the service's IdentityConfig, checked
// once at start so a bad key or provider stops the server with a clear message.

#include <optional>
#include <string>

#include "app/config.hpp"
#include "service/identity_config.hpp"

namespace tribune::app {

/// Checks the SSO and OpenID settings of `c`; reads a `sso_public_key` that names a file into
/// the PEM it holds. Returns a message for the operator on the first problem.
std::optional<std::string> check_identity_settings(Config& c);

/// The SSO keys, audience and providers of checked settings (site_url, return_origins and
/// email_links are the server's to fill).
service::IdentityConfig identity_config(const Config& c);

}  // namespace tribune::app
