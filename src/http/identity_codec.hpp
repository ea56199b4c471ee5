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

/// String fields of a JSON object body ({"email"}, {"token"}, {"code","verifier"}, {"name"},
/// {"author_token"}): `field` required, each of `optional_fields` "" when missing or null.
/// Errors: kMalformed, kInvalid naming the field.
struct IdentityFields {
    std::string value;
    std::vector<std::string> optional_values;  // in the order of optional_fields
};
domain::Result<IdentityFields> decode_identity_fields(std::string_view body, const std::string& field,
                                                      const std::vector<std::string>& optional_fields = {});

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
