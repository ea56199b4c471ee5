#pragma once
// JSON of the reader identity routes (handlers/sign_in_api.cpp): requests in, answers out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "service/identity_config.hpp"
#include "store/identity_types.hpp"

namespace tribune::http {

/// One string field of a JSON object body ({"email"}, {"token"}, {"code"}, {"name"},
/// {"author_token"}); `optional_field` (may be missing) too, "" when missing. Errors:
/// kMalformed, kInvalid naming the field.
struct IdentityFields {
    std::string value;
    std::string optional_value;
};
domain::Result<IdentityFields> decode_identity_fields(std::string_view body, const std::string& field,
                                                      const std::string& optional_field = {});

/// {"user": USER, "session_token": "tss_...", "csrf_token": "..."}.
std::string encode_signed_in(const domain::User& u, std::string_view session_token, std::string_view csrf_token);

/// {"user": USER}.
std::string encode_account(const domain::User& u);

/// {"email_link", "sso", "providers": [{"name","label","start_url"}]}.
std::string encode_sign_in_options(const service::IdentityConfig& config);

/// {"comments": [...], "next_before": "id"|null}.
std::string encode_own_comments(const std::vector<store::OwnComment>& comments, bool more);

/// {"claimed": n}.
std::string encode_claimed(int n);

}  // namespace tribune::http
