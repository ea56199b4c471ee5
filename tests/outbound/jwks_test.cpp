#include <gtest/gtest.h>

#include "outbound/jwt.hpp"
#include "outbound/jwt_signer.hpp"

namespace tribune::outbound {
namespace {

using namespace test;

constexpr std::int64_t kJwksNow = 1'800'000'000;

JwtRules jwks_rules() {
    JwtRules rules;
    rules.now = kJwksNow;
    return rules;
}

std::string jwks_token(const TestKey& key, std::string_view alg, std::string_view kid) {
    return sign_with(key, "{\"alg\":\"" + std::string(alg) + "\",\"kid\":\"" + std::string(kid) + "\"}",
                     "{\"sub\":\"s\",\"exp\":" + std::to_string(kJwksNow + 60) + "}");
}

bool jwks_accepts(const std::string& token, const std::vector<JwtKey>& keys) {
    return static_cast<bool>(verify_jwt(token, keys, jwks_rules()));
}

TEST(JwksTest, ReadsRsaEcAndEd25519KeysAndVerifiesWithThem) {
    const auto rsa = new_rsa_key(), ec = new_p256_key(), ed = new_ed25519_key();
    const auto set = "{\"keys\":[" + jwk_of(rsa, "r1", ",\"use\":\"sig\",\"alg\":\"RS256\"") + "," + jwk_of(ec, "e1") +
                     "," + jwk_of(ed, "d1", ",\"alg\":\"EdDSA\"") + "]}";
    const auto keys = parse_jwks(set);
    ASSERT_TRUE(keys) << keys.error().message;
    ASSERT_EQ(keys->size(), 3u);
    EXPECT_EQ((*keys)[0].alg(), JwtAlg::kRS256);
    EXPECT_EQ((*keys)[0].kid(), "r1");
    EXPECT_EQ((*keys)[1].alg(), JwtAlg::kES256);
    EXPECT_EQ((*keys)[1].kid(), "e1");
    EXPECT_EQ((*keys)[2].alg(), JwtAlg::kEdDSA);
    EXPECT_EQ((*keys)[2].kid(), "d1");
    EXPECT_TRUE(jwks_accepts(jwks_token(rsa, "RS256", "r1"), *keys));
    EXPECT_TRUE(jwks_accepts(jwks_token(ec, "ES256", "e1"), *keys));
    EXPECT_TRUE(jwks_accepts(jwks_token(ed, "EdDSA", "d1"), *keys));
    // Signed by a key the set does not hold, under a kid it does.
    EXPECT_FALSE(jwks_accepts(jwks_token(new_rsa_key(), "RS256", "r1"), *keys));
}

TEST(JwksTest, TheKidSelectsAmongKeysOfOneAlgorithm) {
    const auto old_key = new_p256_key(), new_key = new_p256_key();
    const auto keys = parse_jwks("{\"keys\":[" + jwk_of(old_key, "2025") + "," + jwk_of(new_key, "2026") + "]}");
    ASSERT_TRUE(keys);
    ASSERT_EQ(keys->size(), 2u);
    EXPECT_TRUE(jwks_accepts(jwks_token(new_key, "ES256", "2026"), *keys));
    EXPECT_TRUE(jwks_accepts(jwks_token(old_key, "ES256", "2025"), *keys));
    const auto wrong = verify_jwt(jwks_token(new_key, "ES256", "2025"), *keys, jwks_rules());
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().message, "signature does not match");
    const auto unknown = verify_jwt(jwks_token(new_key, "ES256", "2027"), *keys, jwks_rules());
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message, "no key for this token");
}

TEST(JwksTest, KeysNotForSigningOrOfOtherKindsAreSkipped) {
    const auto rsa = new_rsa_key();
    const std::string set = "{\"keys\":[" + jwk_of(rsa, "enc", ",\"use\":\"enc\"") + "," +
                            jwk_of(rsa, "ps", ",\"alg\":\"PS256\"") + "," +
                            jwk_of(new_rsa_key(1024), "weak") + "," +
                            jwk_of(test_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384")), "p384") + "," +
                            "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}," +
                            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}," +
                            "{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}," +
                            "\"not an object\"," + jwk_of(rsa, "good") + "]}";
    const auto keys = parse_jwks(set);
    ASSERT_TRUE(keys) << keys.error().message;
    ASSERT_EQ(keys->size(), 1u);
    EXPECT_EQ((*keys)[0].kid(), "good");
}

TEST(JwksTest, AnEcPointOffTheCurveIsSkipped) {
    const auto ec = new_p256_key();
    auto jwk = jwk_of(ec, "e");
    const auto x_at = jwk.find("\"x\":\"") + 5;
    // Change one byte of x: the point (x', y) is then not on P-256.
    auto x = domain::base64url_decode(jwk.substr(x_at, 43)).value();
    x[31] ^= 1;
    jwk.replace(x_at, 43, domain::base64url_encode(x));
    const auto keys = parse_jwks("{\"keys\":[" + jwk + "]}");
    ASSERT_TRUE(keys);
    EXPECT_TRUE(keys->empty());
}

TEST(JwksTest, WhatIsNotAKeySetIsRefused) {
    for (const std::string text : {"", "[]", "{\"keys\":{}}", "{}", "not json"}) {
        const auto keys = parse_jwks(text);
        ASSERT_FALSE(keys) << text;
        EXPECT_EQ(keys.error().code, domain::ErrorCode::kInvalid);
    }
    std::string many = "{\"keys\":[";
    for (int i = 0; i < 33; ++i) many += std::string(i ? "," : "") + "{\"kty\":\"oct\"}";
    EXPECT_FALSE(parse_jwks(many + "]}"));
    EXPECT_FALSE(parse_jwks("{\"keys\":[],\"pad\":\"" + std::string(64 * 1024, 'p') + "\"}"));
    const auto empty = parse_jwks("{\"keys\":[]}");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace tribune::outbound
