#include "outbound/oidc_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "outbound/jwt_signer.hpp"
#include "outbound/local_http_server.hpp"

namespace tribune::outbound {
namespace {

using test::LocalHttpServer;
using test::TestKey;

std::string oidc_reply(int code, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A provider on 127.0.0.1: its discovery document, a key set the test swaps, a token endpoint.
class FakeProvider {
public:
    FakeProvider()
        : server_([this](const std::string& request) { return answer(request); }),
          issuer_(server_.url("")) {}

    const std::string& issuer() const { return issuer_; }
    void set_jwks(std::string jwks) {
        std::lock_guard lock(mutex_);
        jwks_ = std::move(jwks);
    }
    void set_discovery(int status, std::string body) {
        std::lock_guard lock(mutex_);
        discovery_status_ = status;
        discovery_ = std::move(body);
    }
    void set_token_answer(int status, std::string body) {
        std::lock_guard lock(mutex_);
        token_status_ = status;
        token_body_ = std::move(body);
    }
    std::string standard_discovery() const {
        return "{\"issuer\":\"" + issuer_ + "\",\"authorization_endpoint\":\"" + issuer_ +
               "/authorize\",\"token_endpoint\":\"" + issuer_ + "/token\",\"jwks_uri\":\"" + issuer_ + "/jwks\"}";
    }
    std::size_t count(const std::string& request_line_start) {
        const auto seen = server_.requests();
        return static_cast<std::size_t>(std::count_if(seen.begin(), seen.end(), [&](const std::string& r) {
            return r.rfind(request_line_start, 0) == 0;
        }));
    }
    std::vector<std::string> requests() { return server_.requests(); }

private:
    std::string answer(const std::string& request) {
        std::lock_guard lock(mutex_);
        if (request.rfind("GET /.well-known/openid-configuration ", 0) == 0)
            return oidc_reply(discovery_status_, discovery_.empty() ? standard_discovery() : discovery_);
        if (request.rfind("GET /jwks ", 0) == 0) return oidc_reply(200, jwks_);
        if (request.rfind("POST /token ", 0) == 0) return oidc_reply(token_status_, token_body_);
        return oidc_reply(404, "{}");
    }

    std::mutex mutex_;
    std::string jwks_ = "{\"keys\":[]}";
    int discovery_status_ = 200;
    std::string discovery_;
    int token_status_ = 200;
    std::string token_body_ = "{}";
    LocalHttpServer server_;
    std::string issuer_;
};

OidcDiscovery discovery_of(FakeProvider& provider) {
    auto d = fetch_discovery(provider.issuer(), FetchOptions{});
    EXPECT_TRUE(d) << d.error().message;
    return d ? *d : OidcDiscovery{};
}

TEST(OidcClientTest, DiscoveryIsReadAndChecked) {
    FakeProvider provider;
    const auto d = discovery_of(provider);
    EXPECT_EQ(d.issuer, provider.issuer());
    EXPECT_EQ(d.authorization_endpoint, provider.issuer() + "/authorize");
    EXPECT_EQ(d.token_endpoint, provider.issuer() + "/token");
    EXPECT_EQ(d.jwks_uri, provider.issuer() + "/jwks");

    // One trailing slash is dropped before the well-known path; the issuer must still match exactly.
    const auto slashed = fetch_discovery(provider.issuer() + "/", FetchOptions{});
    ASSERT_FALSE(slashed);
    EXPECT_EQ(slashed.error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(provider.count("GET /.well-known/openid-configuration "), 2u);

    provider.set_discovery(200, "{\"issuer\":\"" + provider.issuer() +
                                    "\",\"authorization_endpoint\":\"http://idp.example/authorize\",\"token_endpoint\":\"" +
                                    provider.issuer() + "/token\",\"jwks_uri\":\"" + provider.issuer() + "/jwks\"}");
    const auto plain_http = fetch_discovery(provider.issuer(), FetchOptions{});
    ASSERT_FALSE(plain_http);
    EXPECT_EQ(plain_http.error().code, domain::ErrorCode::kInvalid);
    EXPECT_NE(plain_http.error().message.find("authorization_endpoint"), std::string::npos);

    provider.set_discovery(200, "{\"issuer\":\"https://other.example\"}");
    EXPECT_FALSE(fetch_discovery(provider.issuer(), FetchOptions{}));
    provider.set_discovery(200, "not json");
    EXPECT_FALSE(fetch_discovery(provider.issuer(), FetchOptions{}));
    provider.set_discovery(404, "{}");
    const auto missing = fetch_discovery(provider.issuer(), FetchOptions{});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_FALSE(fetch_discovery("http://idp.example", FetchOptions{}));
}

TEST(OidcClientTest, PkceVerifiersAreFreshAndChallengesAreS256) {
    const auto a = new_pkce_verifier(), b = new_pkce_verifier();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_TRUE(domain::base64url_decode(a));
    // RFC 7636 appendix B.
    EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(OidcClientTest, TheAuthorizationUrlCarriesEveryParameterEncoded) {
    OidcDiscovery d{"https://idp.example", "https://idp.example/authorize", "", ""};
    EXPECT_EQ(authorization_url(d, "tribune app", "https://news.example/auth/oidc/callback", "st&te", "n=1", "chal"),
              "https://idp.example/authorize?response_type=code&scope=openid+email+profile&client_id=tribune+app"
              "&redirect_uri=https%3A%2F%2Fnews.example%2Fauth%2Foidc%2Fcallback&state=st%26te&nonce=n%3D1"
              "&code_challenge=chal&code_challenge_method=S256");
    d.authorization_endpoint = "https://idp.example/authorize?tenant=news";
    EXPECT_EQ(authorization_url(d, "c", "r", "s", "n", "x").rfind("https://idp.example/authorize?tenant=news&response_type=code&", 0),
              0u);
}

TEST(OidcClientTest, ExchangingACodeReturnsTheIdToken) {
    FakeProvider provider;
    const auto d = discovery_of(provider);
    provider.set_token_answer(200, R"({"access_token":"at","token_type":"Bearer","id_token":"h.p.s"})");
    const auto token = exchange_code(d, "tribune", "s3cret", "the code", "https://news.example/cb", "verifier-1", FetchOptions{});
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(*token, "h.p.s");
    const auto seen = provider.requests().back();
    EXPECT_EQ(seen.rfind("POST /token ", 0), 0u);
    EXPECT_NE(seen.find("\r\nAuthorization: Basic dHJpYnVuZTpzM2NyZXQ=\r\n"), std::string::npos);  // tribune:s3cret
    EXPECT_NE(seen.find("\r\n\r\ngrant_type=authorization_code&code=the+code&redirect_uri=https%3A%2F%2Fnews.example%2Fcb"
                        "&code_verifier=verifier-1"),
              std::string::npos);
    EXPECT_EQ(seen.find("client_id="), std::string::npos);

    // A public client names itself in the form.
    ASSERT_TRUE(exchange_code(d, "tribune", "", "c", "https://news.example/cb", "v", FetchOptions{}));
    const auto public_request = provider.requests().back();
    EXPECT_EQ(public_request.find("Authorization"), std::string::npos);
    EXPECT_NE(public_request.find("&client_id=tribune"), std::string::npos);
}

TEST(OidcClientTest, ARefusedCodeNamesTheProvidersErrorSanitized) {
    FakeProvider provider;
    const auto d = discovery_of(provider);
    provider.set_token_answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code\\nexpired " +
                                       std::string(300, 'x') + "\"}");
    const auto refused = exchange_code(d, "tribune", "s3cret", "old", "https://news.example/cb", "v", FetchOptions{});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_NE(refused.error().message.find("invalid_grant (code?expired xxx"), std::string::npos);
    EXPECT_EQ(refused.error().message.find('\n'), std::string::npos);
    EXPECT_LT(refused.error().message.size(), 300u);

    provider.set_token_answer(200, R"({"access_token":"at"})");
    const auto no_id_token = exchange_code(d, "tribune", "s3cret", "c", "https://news.example/cb", "v", FetchOptions{});
    ASSERT_FALSE(no_id_token);
    EXPECT_EQ(no_id_token.error().code, domain::ErrorCode::kInvalid);
    provider.set_token_answer(503, "{}");
    const auto down = exchange_code(d, "tribune", "s3cret", "c", "https://news.example/cb", "v", FetchOptions{});
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().code, domain::ErrorCode::kUnavailable);
}

constexpr std::int64_t kOidcNow = 1'800'000'000;

JwtRules oidc_rules() {
    JwtRules rules;
    rules.now = kOidcNow;
    return rules;
}

std::string oidc_token(const TestKey& key, const std::string& kid) {
    return test::sign_with(key, "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}",
                           "{\"sub\":\"s\",\"exp\":" + std::to_string(kOidcNow + 60) + "}");
}

bool oidc_verifies(const std::string& token, const domain::Result<std::vector<JwtKey>>& keys) {
    return keys && verify_jwt(token, *keys, oidc_rules());
}

TEST(OidcProviderCacheTest, AnUnknownKidFetchesTheKeysAgain) {
    const auto old_key = test::new_rsa_key(), new_key = test::new_rsa_key();
    FakeProvider provider;
    provider.set_jwks("{\"keys\":[" + test::jwk_of(old_key, "old") + "]}");
    OidcProviderCache cache(provider.issuer(), FetchOptions{}, std::chrono::seconds(0));
    ASSERT_TRUE(cache.discovery());
    EXPECT_TRUE(oidc_verifies(oidc_token(old_key, "old"), cache.keys_for(oidc_token(old_key, "old"))));
    EXPECT_TRUE(oidc_verifies(oidc_token(old_key, "old"), cache.keys_for(oidc_token(old_key, "old"))));
    EXPECT_EQ(provider.count("GET /jwks "), 1u);

    // The provider rotates: a token under the new kid makes the cache fetch the set again.
    provider.set_jwks("{\"keys\":[" + test::jwk_of(new_key, "new") + "]}");
    const auto rotated = oidc_token(new_key, "new");
    EXPECT_TRUE(oidc_verifies(rotated, cache.keys_for(rotated)));
    EXPECT_EQ(provider.count("GET /jwks "), 2u);
    EXPECT_EQ(provider.count("GET /.well-known/openid-configuration "), 1u);
}

TEST(OidcProviderCacheTest, UnknownKidsWithinMinRefreshDoNotFetchAgain) {
    const auto old_key = test::new_rsa_key(), new_key = test::new_rsa_key();
    FakeProvider provider;
    provider.set_jwks("{\"keys\":[" + test::jwk_of(old_key, "old") + "]}");
    OidcProviderCache cache(provider.issuer(), FetchOptions{}, std::chrono::seconds(3600));
    EXPECT_TRUE(oidc_verifies(oidc_token(old_key, "old"), cache.keys_for(oidc_token(old_key, "old"))));
    provider.set_jwks("{\"keys\":[" + test::jwk_of(new_key, "new") + "]}");
    for (const char* kid : {"new", "made-up-1", "made-up-2"}) {
        const auto keys = cache.keys_for(oidc_token(new_key, kid));
        ASSERT_TRUE(keys);
        const auto verified = verify_jwt(oidc_token(new_key, kid), *keys, oidc_rules());
        ASSERT_FALSE(verified);
        EXPECT_EQ(verified.error().message, "no key for this token");
    }
    EXPECT_EQ(provider.count("GET /jwks "), 1u);
    EXPECT_FALSE(cache.keys_for("not a token"));
}

TEST(OidcProviderCacheTest, AFailedDiscoveryIsTriedAgain) {
    FakeProvider provider;
    provider.set_discovery(500, "{}");
    OidcProviderCache cache(provider.issuer(), FetchOptions{}, std::chrono::seconds(60), std::chrono::seconds(0));
    const auto failed = cache.discovery();
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, domain::ErrorCode::kUnavailable);
    provider.set_discovery(200, "");
    ASSERT_TRUE(cache.discovery());
    ASSERT_TRUE(cache.discovery());
    EXPECT_EQ(provider.count("GET /.well-known/openid-configuration "), 2u);
}

TEST(OidcProviderCacheTest, AFailedDiscoveryIsRememberedForAWhile) {
    FakeProvider provider;
    provider.set_discovery(500, "{}");
    OidcProviderCache cache(provider.issuer(), FetchOptions{}, std::chrono::seconds(60), std::chrono::seconds(3600));
    ASSERT_FALSE(cache.discovery());
    provider.set_discovery(200, "");
    const auto again = cache.discovery();  // a provider that is down is not asked by every sign-in
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_EQ(provider.count("GET /.well-known/openid-configuration "), 1u);
}

}  // namespace
}  // namespace tribune::outbound
