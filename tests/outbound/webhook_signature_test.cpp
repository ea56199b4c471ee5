#include "outbound/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace tribune::outbound {
namespace {

// The example of the Standard Webhooks specification: its secret, message and signature
// (checked with node's crypto.createHmac as well).
TEST(WebhookSignatureTest, MatchesTheStandardWebhooksExample) {
    const auto key = webhook_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->size(), 24u);
    EXPECT_EQ(sign_webhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

// A secret without the prefix is its own bytes; the value computed once with
// node -e 'crypto.createHmac("sha256", "tribune-test-key").update(...).digest("base64")'.
TEST(WebhookSignatureTest, SecretWithoutPrefixIsItsOwnBytes) {
    const auto key = webhook_key("tribune-test-key");
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(*key, "tribune-test-key");
    EXPECT_EQ(sign_webhook(*key, "evt_42", 1765000000, R"({"type":"comment.created","data":{"id":7}})"),
              "v1,Mx4QBxKX1DZVrJZSkXKR7jKdyS4qq0fa2CbZIT9jJAM=");
}

TEST(WebhookSignatureTest, AnyChangeChangesTheSignature) {
    const std::string key = "k";
    const auto base = sign_webhook(key, "id", 1, "{}");
    EXPECT_NE(sign_webhook(key, "id2", 1, "{}"), base);
    EXPECT_NE(sign_webhook(key, "id", 2, "{}"), base);
    EXPECT_NE(sign_webhook(key, "id", 1, "{ }"), base);
    EXPECT_NE(sign_webhook("k2", "id", 1, "{}"), base);
}

TEST(WebhookSignatureTest, MalformedPrefixedSecretsHaveNoKey) {
    EXPECT_FALSE(webhook_key("whsec_").has_value());
    EXPECT_FALSE(webhook_key("whsec_!!!!").has_value());
    EXPECT_FALSE(webhook_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw junk").has_value());
    EXPECT_FALSE(webhook_key("whsec_abc").has_value());  // not a whole base64 quantum
}

TEST(WebhookSignatureTest, NewSecretsAreDistinctAndDecodeToThirtyTwoBytes) {
    const auto a = new_webhook_secret();
    const auto b = new_webhook_secret();
    EXPECT_NE(a, b);
    ASSERT_EQ(a.rfind("whsec_", 0), 0u);
    const auto key = webhook_key(a);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->size(), 32u);
}

}  // namespace
}  // namespace tribune::outbound
