#pragma once
// Standard Webhooks signatures: the `webhook-signature` header a receiver checks with the
// endpoint's secret. The signed content is "{webhook-id}.{webhook-timestamp}.{body}"; the
// signature is "v1," + base64 of its HMAC-SHA256 under the key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tribune::outbound {

/// A new endpoint secret: "whsec_" + base64 of 32 random bytes.
std::string new_webhook_secret();

/// The key bytes a secret stands for: base64-decoded after a "whsec_" prefix, else the secret's
/// own bytes. nullopt when the part after "whsec_" is not base64 or is empty.
std::optional<std::string> webhook_key(std::string_view secret);

/// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)).
std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp, std::string_view body);

}  // namespace tribune::outbound
