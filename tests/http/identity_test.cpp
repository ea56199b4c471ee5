#include "http/identity.hpp"

#include <gtest/gtest.h>

#include "service/author_token.hpp"

using namespace tribune::http;

TEST(Identity, AdminTokenGivesAdminRights) {
    HttpConfig config;
    config.admin_token = "s3cret";
    Request r;
    r.headers = {{"authorization", "Bearer s3cret"}};
    const Identity id = identify(r, config);
    EXPECT_EQ(id.viewer.role, tribune::domain::Role::kAdmin);
    EXPECT_TRUE(id.credentials);
    r.headers = {{"authorization", "Bearer s3cre"}};
    EXPECT_EQ(identify(r, config).viewer.role, tribune::domain::Role::kReader);
}

TEST(Identity, AuthorTokensFromBearerOrCookieAreHashed) {
    HttpConfig config;
    const std::string token = tribune::service::new_author_token();
    ASSERT_TRUE(tribune::service::is_author_token(token));
    Request bearer;
    bearer.headers = {{"authorization", "Bearer " + token}};
    Request cookie;
    cookie.headers = {{"cookie", std::string(kAuthorCookie) + "=" + token}};
    const auto a = identify(bearer, config), b = identify(cookie, config);
    EXPECT_EQ(a.viewer.author_token_hash, tribune::service::hash_author_token(token));
    EXPECT_EQ(a.viewer.author_token_hash, b.viewer.author_token_hash);
    EXPECT_NE(a.viewer.author_token_hash, token);
    EXPECT_EQ(a.author_token, token);
}

TEST(Identity, MalformedTokensIdentifyNobodyButCountAsCredentials) {
    HttpConfig config;
    Request r;
    r.headers = {{"cookie", std::string(kAuthorCookie) + "=forged"}};
    const auto id = identify(r, config);
    EXPECT_TRUE(id.viewer.author_token_hash.empty());
    EXPECT_TRUE(id.credentials);
    EXPECT_FALSE(identify(Request{}, config).credentials);
}

TEST(Identity, CookiesAreHttpOnlyAndLax) {
    HttpConfig config;
    config.secure_cookies = true;
    const auto c = author_cookie("tok", config);
    EXPECT_NE(c.find("HttpOnly"), std::string::npos);
    EXPECT_NE(c.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(c.find("Secure"), std::string::npos);
    EXPECT_NE(name_cookie("Ada; x=1", config).find("Ada%3B%20x%3D1"), std::string::npos);
}

TEST(Identity, SecureCookiesTakeTheHostPrefixAndOnlyThatNameCounts) {
    HttpConfig config;
    config.secure_cookies = true;
    const std::string token = tribune::service::new_author_token();
    EXPECT_EQ(author_cookie(token, config).rfind("__Host-tribune_author=", 0), 0u);
    EXPECT_EQ(author_cookie(token, config).find("Domain"), std::string::npos);
    EXPECT_NE(author_cookie(token, config).find("Path=/"), std::string::npos);
    Request plain;
    plain.headers = {{"cookie", std::string(kAuthorCookie) + "=" + token}};
    EXPECT_TRUE(identify(plain, config).viewer.author_token_hash.empty())
        << "a cookie without the prefix may have been planted over plain http";
    Request prefixed;
    prefixed.headers = {{"cookie", "__Host-" + std::string(kAuthorCookie) + "=" + token}};
    EXPECT_FALSE(identify(prefixed, config).viewer.author_token_hash.empty());
    EXPECT_TRUE(has_credential_cookie(plain));
    EXPECT_TRUE(has_credential_cookie(prefixed));
    config.secure_cookies = false;
    EXPECT_EQ(author_cookie(token, config).rfind("tribune_author=", 0), 0u);
}
