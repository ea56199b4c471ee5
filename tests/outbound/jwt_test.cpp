#include "outbound/jwt.hpp"

#include <gtest/gtest.h>

#include "outbound/jwt_signer.hpp"

namespace tribune::outbound {
namespace {

using namespace test;

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef-secret";

const TestKey& rsa_key() {
    static const TestKey key = new_rsa_key();
    return key;
}
const TestKey& ec_key() {
    static const TestKey key = new_p256_key();
    return key;
}
const TestKey& ed_key() {
    static const TestKey key = new_ed25519_key();
    return key;
}

std::string header_for(std::string_view alg, std::string_view kid = "") {
    std::string h = "{\"alg\":\"" + std::string(alg) + "\",\"typ\":\"JWT\"";
    if (!kid.empty()) h += ",\"kid\":\"" + std::string(kid) + "\"";
    return h + "}";
}

// A payload valid under rules_for_tests(), with `extra` members added.
std::string claims_json(const std::string& extra = "") {
    return "{\"sub\":\"reader-42\",\"iss\":\"https://idp.example\",\"aud\":\"tribune\",\"iat\":" +
           std::to_string(kNow - 10) + ",\"exp\":" + std::to_string(kNow + 300) + extra + "}";
}

JwtRules rules_at_now() {
    JwtRules rules;
    rules.now = kNow;
    return rules;
}

JwtRules rules_for_tests() {
    JwtRules rules;
    rules.now = kNow;
    rules.audience = "tribune";
    rules.issuer = "https://idp.example";
    return rules;
}

JwtKey pem_key(const TestKey& key) { return JwtKey::public_pem(public_pem_of(key)).value(); }
JwtKey hmac_key() { return JwtKey::hmac(kSecret).value(); }

// The detail of the refusal, or "accepted".
std::string refusal(std::string_view token, const std::vector<JwtKey>& keys, const JwtRules& rules = rules_for_tests()) {
    const auto claims = verify_jwt(token, keys, rules);
    if (claims) return "accepted";
    EXPECT_EQ(claims.error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_EQ(claims.error().title, "Invalid token");
    if (!token.empty()) {
        EXPECT_EQ(claims.error().message.find(std::string(token)), std::string::npos);
    }
    return claims.error().message;
}

TEST(JwtTest, KeysKnowTheirAlgorithm) {
    EXPECT_EQ(hmac_key().alg(), JwtAlg::kHS256);
    EXPECT_EQ(pem_key(rsa_key()).alg(), JwtAlg::kRS256);
    EXPECT_EQ(pem_key(ec_key()).alg(), JwtAlg::kES256);
    EXPECT_EQ(pem_key(ed_key()).alg(), JwtAlg::kEdDSA);
    EXPECT_EQ(to_string(JwtAlg::kEdDSA), "EdDSA");
    auto key = hmac_key();
    const auto copy = key;
    key.set_kid("k1");
    EXPECT_EQ(key.kid(), "k1");
    EXPECT_EQ(copy.kid(), "");
}

TEST(JwtTest, WeakOrForeignKeysAreRefused) {
    const auto short_secret = JwtKey::hmac("only-31-bytes-long-secret-xxxxx");
    ASSERT_FALSE(short_secret);
    EXPECT_EQ(short_secret.error().code, domain::ErrorCode::kInvalid);
    EXPECT_TRUE(JwtKey::hmac(std::string(32, 'k')));
    const auto weak_rsa = JwtKey::public_pem(public_pem_of(new_rsa_key(1024)));
    ASSERT_FALSE(weak_rsa);
    EXPECT_NE(weak_rsa.error().message.find("2048"), std::string::npos);
    const auto p384 = JwtKey::public_pem(public_pem_of(test_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"))));
    ASSERT_FALSE(p384);
    EXPECT_NE(p384.error().message.find("P-256"), std::string::npos);
    const auto garbage = JwtKey::public_pem("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().message.find("not a key"), std::string::npos);
}

TEST(JwtTest, ValidTokensOfEachAlgorithmPass) {
    const std::string extra = ",\"name\":\"Ada\",\"email\":\"ada@example.org\",\"email_verified\":true,"
                              "\"badge\":\"Subscriber\",\"nonce\":\"n-1\",\"roles\":[\"reader\",7,\"editor\"]";
    const std::vector<std::pair<std::string, JwtKey>> cases = {
        {sign_hs256(kSecret, header_for("HS256"), claims_json(extra)), hmac_key()},
        {sign_with(rsa_key(), header_for("RS256"), claims_json(extra)), pem_key(rsa_key())},
        {sign_with(ec_key(), header_for("ES256"), claims_json(extra)), pem_key(ec_key())},
        {sign_with(ed_key(), header_for("EdDSA"), claims_json(extra)), pem_key(ed_key())},
    };
    for (const auto& [token, key] : cases) {
        SCOPED_TRACE(to_string(key.alg()));
        const auto claims = verify_jwt(token, {key}, rules_for_tests());
        ASSERT_TRUE(claims) << claims.error().message;
        EXPECT_EQ(claims->sub, "reader-42");
        EXPECT_EQ(claims->iss, "https://idp.example");
        EXPECT_EQ(claims->aud, std::vector<std::string>{"tribune"});
        EXPECT_EQ(claims->name, "Ada");
        EXPECT_EQ(claims->email, "ada@example.org");
        EXPECT_TRUE(claims->email_verified);
        EXPECT_EQ(claims->badge, "Subscriber");
        EXPECT_EQ(claims->nonce, "n-1");
        EXPECT_EQ(claims->roles, (std::vector<std::string>{"reader", "editor"}));
        EXPECT_EQ(claims->exp, kNow + 300);
        EXPECT_EQ(claims->iat, kNow - 10);
        EXPECT_FALSE(claims->nbf);
    }
}

TEST(JwtTest, ClaimsOfOtherShapesAreReadAsDocumented) {
    const auto token = sign_hs256(kSecret, "{\"alg\":\"HS256\"}",  // no typ: allowed
                                  "{\"sub\":\"s\",\"exp\":" + std::to_string(kNow + 60) +
                                      ".9,\"aud\":[\"other\",\"tribune\"],\"preferred_username\":\"ada\","
                                      "\"email\":42,\"email_verified\":\"true\",\"role\":\"editor\"}");
    JwtRules rules = rules_for_tests();
    rules.issuer = "";
    const auto claims = verify_jwt(token, {hmac_key()}, rules);
    ASSERT_TRUE(claims) << claims.error().message;
    EXPECT_EQ(claims->aud, (std::vector<std::string>{"other", "tribune"}));
    EXPECT_EQ(claims->name, "ada");
    EXPECT_EQ(claims->email, "");
    EXPECT_FALSE(claims->email_verified);
    EXPECT_EQ(claims->roles, std::vector<std::string>{"editor"});
    EXPECT_EQ(claims->exp, kNow + 60);
}

TEST(JwtTest, OverlongDescriptiveClaimsCountAsAbsent) {
    const std::string extra = ",\"name\":\"" + std::string(201, 'n') + "\",\"preferred_username\":\"short\",\"email\":\"" +
                              std::string(250, 'e') + "@x.org\",\"badge\":\"" + std::string(41, 'b') + "\"";
    const auto claims = verify_jwt(sign_hs256(kSecret, header_for("HS256"), claims_json(extra)), {hmac_key()},
                                   rules_for_tests());
    ASSERT_TRUE(claims) << claims.error().message;
    EXPECT_EQ(claims->name, "short");
    EXPECT_EQ(claims->email, "");
    EXPECT_EQ(claims->badge, "");
    const auto at_limit = verify_jwt(
        sign_hs256(kSecret, header_for("HS256"), claims_json(",\"badge\":\"" + std::string(40, 'b') + "\"")),
        {hmac_key()}, rules_for_tests());
    ASSERT_TRUE(at_limit);
    EXPECT_EQ(at_limit->badge, std::string(40, 'b'));
    EXPECT_EQ(refusal(sign_hs256(kSecret, header_for("HS256"),
                                 "{\"sub\":\"" + std::string(256, 's') + "\",\"exp\":" + std::to_string(kNow + 60) + "}"),
                      {hmac_key()}, rules_at_now()),
              "subject too long");
}

TEST(JwtTest, TimeRulesApplyWithTheSkew) {
    const auto key = hmac_key();
    auto token = [](std::string dates) { return sign_hs256(kSecret, header_for("HS256"), "{\"sub\":\"s\"," + dates + "}"); };
    const JwtRules rules = rules_at_now();  // skew 60
    EXPECT_EQ(refusal(token("\"exp\":" + std::to_string(kNow - 61)), {key}, rules), "expired");
    EXPECT_EQ(refusal(token("\"exp\":" + std::to_string(kNow - 60)), {key}, rules), "expired");
    EXPECT_EQ(refusal(token("\"exp\":" + std::to_string(kNow - 59)), {key}, rules), "accepted");
    EXPECT_EQ(refusal(token("\"iat\":" + std::to_string(kNow)), {key}, rules), "no expiry");
    EXPECT_EQ(refusal(token("\"exp\":\"soon\""), {key}, rules), "malformed");
    const std::string exp = "\"exp\":" + std::to_string(kNow + 600);
    EXPECT_EQ(refusal(token(exp + ",\"nbf\":" + std::to_string(kNow + 61)), {key}, rules), "not yet valid");
    EXPECT_EQ(refusal(token(exp + ",\"nbf\":" + std::to_string(kNow + 60)), {key}, rules), "accepted");
    EXPECT_EQ(refusal(token(exp + ",\"iat\":" + std::to_string(kNow + 61)), {key}, rules), "issued in the future");
    EXPECT_EQ(refusal(token("\"exp\":9223372036854775807"), {key}, rules), "accepted");
    JwtRules short_lived = rules;
    short_lived.max_lifetime_seconds = 300;
    EXPECT_EQ(refusal(token(exp + ",\"iat\":" + std::to_string(kNow)), {key}, short_lived), "lifetime too long");
    EXPECT_EQ(refusal(token("\"exp\":" + std::to_string(kNow + 300) + ",\"iat\":" + std::to_string(kNow)), {key}, short_lived),
              "accepted");
}

TEST(JwtTest, AudienceIssuerAndSubjectAreChecked) {
    const auto key = hmac_key();
    auto token = [](const std::string& payload) { return sign_hs256(kSecret, header_for("HS256"), payload); };
    const std::string exp = std::to_string(kNow + 300);
    EXPECT_EQ(refusal(token("{\"sub\":\"s\",\"iss\":\"https://idp.example\",\"aud\":\"someone-else\",\"exp\":" + exp + "}"), {key}),
              "audience does not match");
    EXPECT_EQ(refusal(token("{\"sub\":\"s\",\"iss\":\"https://idp.example\",\"exp\":" + exp + "}"), {key}),
              "audience does not match");
    EXPECT_EQ(refusal(token("{\"sub\":\"s\",\"iss\":\"https://evil.example\",\"aud\":\"tribune\",\"exp\":" + exp + "}"), {key}),
              "issuer does not match");
    EXPECT_EQ(refusal(token("{\"iss\":\"https://idp.example\",\"aud\":\"tribune\",\"exp\":" + exp + "}"), {key}),
              "no subject");
    EXPECT_EQ(refusal(token("{\"sub\":\"\",\"iss\":\"https://idp.example\",\"aud\":\"tribune\",\"exp\":" + exp + "}"), {key}),
              "no subject");
    EXPECT_EQ(refusal(token("{\"sub\":\"s\",\"iss\":\"https://idp.example\",\"aud\":{},\"exp\":" + exp + "}"), {key}),
              "malformed");
}

TEST(JwtTest, ForgedAndAlteredTokensAreRefused) {
    const auto rsa = pem_key(rsa_key());
    const auto good = sign_with(rsa_key(), header_for("RS256"), claims_json());
    ASSERT_EQ(refusal(good, {rsa}), "accepted");

    // Signed by another key of the same kind.
    EXPECT_EQ(refusal(sign_with(new_p256_key(), header_for("ES256"), claims_json()), {pem_key(ec_key())}),
              "signature does not match");
    EXPECT_EQ(refusal(sign_with(new_ed25519_key(), header_for("EdDSA"), claims_json()), {pem_key(ed_key())}),
              "signature does not match");
    EXPECT_EQ(refusal(sign_hs256(std::string(40, 'x'), header_for("HS256"), claims_json()), {hmac_key()}),
              "signature does not match");

    // The payload changed after signing (a longer expiry), the signature kept.
    const auto dot = good.rfind('.');
    const auto forged = signing_input(header_for("RS256"), claims_json(",\"badge\":\"Staff\"")) + good.substr(dot);
    EXPECT_EQ(refusal(forged, {rsa}), "signature does not match");
    // One signature byte flipped.
    auto flipped_sig = domain::base64url_decode(good.substr(dot + 1)).value();
    flipped_sig[10] ^= 1;
    EXPECT_EQ(refusal(good.substr(0, dot + 1) + domain::base64url_encode(flipped_sig), {rsa}), "signature does not match");
}

TEST(JwtTest, AlgorithmsOtherThanTheKeysAreRefused) {
    const auto rsa = pem_key(rsa_key());
    // alg none, with and without an empty signature.
    const auto unsigned_input = signing_input("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims_json());
    EXPECT_EQ(refusal(unsigned_input + ".", {rsa, hmac_key()}), "algorithm not allowed");
    EXPECT_EQ(refusal(unsigned_input + "." + domain::base64url_encode("x"), {rsa, hmac_key()}), "algorithm not allowed");
    EXPECT_EQ(refusal(sign_hs256(kSecret, header_for("HS512"), claims_json()), {hmac_key()}), "algorithm not allowed");
    // Algorithm confusion: an HS256 token whose secret is the RS256 key's public PEM.
    const auto confused = sign_hs256(public_pem_of(rsa_key()), header_for("HS256"), claims_json());
    EXPECT_EQ(refusal(confused, {rsa}), "algorithm not allowed");
    // An RS256 token when only an HS256 key is configured.
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256"), claims_json()), {hmac_key()}), "algorithm not allowed");
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256"), claims_json()), {}), "algorithm not allowed");
}

TEST(JwtTest, HeadersThatAreNotPlainJwtsAreRefused) {
    const auto key = hmac_key();
    EXPECT_EQ(refusal(sign_hs256(kSecret, "{\"alg\":\"HS256\",\"typ\":\"jwt\"}", claims_json()), {key}), "accepted");
    EXPECT_EQ(refusal(sign_hs256(kSecret, "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", claims_json()), {key}),
              "type not allowed");
    EXPECT_EQ(refusal(sign_hs256(kSecret, "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", claims_json()), {key}),
              "critical header not understood");
    EXPECT_EQ(refusal(sign_hs256(kSecret, "[\"HS256\"]", claims_json()), {key}), "malformed");
    EXPECT_EQ(refusal(sign_hs256(kSecret, "{\"typ\":\"JWT\"}", claims_json()), {key}), "malformed");
    EXPECT_EQ(refusal(sign_hs256(kSecret, "{\"alg\":\"HS256\",\"kid\":7}", claims_json()), {key}), "malformed");
}

TEST(JwtTest, MalformedAndOversizeTokensAreRefused) {
    const auto key = hmac_key();
    const auto good = sign_hs256(kSecret, header_for("HS256"), claims_json());
    ASSERT_EQ(refusal(good, {key}), "accepted");
    EXPECT_EQ(refusal("", {key}), "malformed");
    EXPECT_EQ(refusal("a.b", {key}), "malformed");
    EXPECT_EQ(refusal(good + ".x", {key}), "malformed");
    EXPECT_EQ(refusal("=" + good, {key}), "malformed");           // not base64url
    EXPECT_EQ(refusal(good + "=", {key}), "malformed");           // padding
    auto plus = good;
    plus[good.find('.') + 2] = '+';                                // the base64 alphabet, not base64url
    EXPECT_EQ(refusal(plus, {key}), "malformed");
    const auto huge = sign_hs256(kSecret, header_for("HS256"), claims_json(",\"pad\":\"" + std::string(kMaxJwtBytes, 'p') + "\""));
    EXPECT_EQ(refusal(huge, {key}), "malformed");
    EXPECT_EQ(refusal(sign_hs256(kSecret, header_for("HS256"), "not json"), {key}), "malformed");
}

TEST(JwtTest, KidChoosesTheKey) {
    auto first = pem_key(rsa_key());
    first.set_kid("one");
    auto second = pem_key(new_rsa_key());
    second.set_kid("two");
    auto unnamed = pem_key(ec_key());
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256", "one"), claims_json()), {second, first}), "accepted");
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256"), claims_json()), {second, first}), "accepted");
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256", "two"), claims_json()), {second, first}),
              "signature does not match");
    EXPECT_EQ(refusal(sign_with(rsa_key(), header_for("RS256", "three"), claims_json()), {second, first}),
              "no key for this token");
    // A key without a kid is tried for any token of its algorithm.
    EXPECT_EQ(refusal(sign_with(ec_key(), header_for("ES256", "whatever"), claims_json()), {unnamed}), "accepted");
}

TEST(JwtTest, PeekReadsTheHeaderUnverified) {
    const auto header = peek_jwt_header(sign_with(ed_key(), header_for("EdDSA", "k-9"), claims_json()));
    ASSERT_TRUE(header);
    EXPECT_EQ(header->alg, "EdDSA");
    EXPECT_EQ(header->kid, "k-9");
    EXPECT_FALSE(peek_jwt_header("no.token"));
    EXPECT_FALSE(peek_jwt_header(domain::base64url_encode("{\"kid\":\"x\"}") + ".e30.c2ln"));
    EXPECT_FALSE(peek_jwt_header(std::string(kMaxJwtBytes + 1, 'a')));
}

}  // namespace
}  // namespace tribune::outbound
