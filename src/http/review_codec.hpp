#pragma once
// The JSON of review requests (docs/openapi.yaml, ReviewState and its request body).

#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "service/article_reviews.hpp"

namespace tribune::http {

/// {"submitted": true|false}; unknown fields refused. Errors: kMalformed, kInvalid.
domain::Result<bool> decode_review_submission(std::string_view body);

/// {"slug","submitted"} and, while submitted, "requested_at" (RFC 3339) and "requested_by".
std::string encode_review_state(const service::ReviewState& state);

}  // namespace tribune::http
