#include "outbound/http_fetch.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include "outbound/local_http_server.hpp"

namespace tribune::outbound {
namespace {

using test::LocalHttpServer;

std::string fetch_reply(int code, const std::string& body, const std::string& extra = "") {
    return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra + "\r\n" + body;
}

FetchOptions fetch_options(std::size_t cap = 256 * 1024) {
    FetchOptions options;
    options.max_response_bytes = cap;
    return options;
}

std::string standard_base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

TEST(HttpFetchTest, GetsJson) {
    LocalHttpServer server([](const std::string&) { return fetch_reply(200, R"({"ok":true})"); });
    const auto response = http_get(server.url("/doc?x=1"), fetch_options());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status_code, 200);
    EXPECT_EQ(response->content_type, "application/json");
    EXPECT_EQ(response->body, R"({"ok":true})");
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("GET /doc?x=1 HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(seen[0].find("\r\nAccept: application/json\r\n"), std::string::npos);
    EXPECT_EQ(seen[0].find("Authorization"), std::string::npos);
}

TEST(HttpFetchTest, PostsAFormWithBasicAuthenticationOfEncodedCredentials) {
    LocalHttpServer server([](const std::string&) { return fetch_reply(400, R"({"error":"invalid_grant"})"); });
    const std::string form = "grant_type=authorization_code&code=abc";
    const auto response = http_post_form(server.url("/token"), form, "client:1", "p&ss word", fetch_options());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status_code, 400);  // an answer, for the caller to read
    EXPECT_EQ(response->body, R"({"error":"invalid_grant"})");
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("POST /token HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(seen[0].find("\r\nContent-Type: application/x-www-form-urlencoded\r\n"), std::string::npos);
    EXPECT_NE(seen[0].find("\r\nAuthorization: Basic " + standard_base64("client%3A1:p%26ss+word") + "\r\n"),
              std::string::npos);
    EXPECT_EQ(seen[0].substr(seen[0].size() - form.size()), form);
}

TEST(HttpFetchTest, NoAuthorizationWithoutAUser) {
    LocalHttpServer server([](const std::string&) { return fetch_reply(200, "{}"); });
    ASSERT_TRUE(http_post_form(server.url("/token"), "a=b", "", "", fetch_options()));
    ASSERT_EQ(server.requests().size(), 1u);
    EXPECT_EQ(server.requests()[0].find("Authorization"), std::string::npos);
}

TEST(HttpFetchTest, RedirectsAreNotFollowed) {
    std::string location;
    LocalHttpServer server([&](const std::string&) { return fetch_reply(302, "", "Location: " + location + "\r\n"); });
    location = server.url("/elsewhere");
    const auto response = http_get(server.url("/doc"), fetch_options());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status_code, 302);
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpFetchTest, AnAnswerPastTheCapIsRefused) {
    const std::string body(10'000, 'x');
    LocalHttpServer server([&](const std::string&) { return fetch_reply(200, body); });
    const auto capped = http_get(server.url("/big"), fetch_options(9'999));
    ASSERT_FALSE(capped);
    EXPECT_EQ(capped.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_NE(capped.error().message.find("larger than 9999 bytes"), std::string::npos);
    const auto exact = http_get(server.url("/big"), fetch_options(10'000));
    ASSERT_TRUE(exact) << exact.error().message;
    EXPECT_EQ(exact->body, body);
}

TEST(HttpFetchTest, AServerThatNeverAnswersTimesOut) {
    LocalHttpServer server([](const std::string&) { return std::string(); });
    FetchOptions options;
    options.timeout = std::chrono::milliseconds{300};
    const auto response = http_get(server.url("/slow"), options);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_NE(response.error().message.find("did not answer"), std::string::npos);
}

TEST(HttpFetchTest, UrlRulesAllowHttpsAnywhereAndHttpOnlyToThisMachine) {
    for (const char* ok : {"https://idp.example.com/", "https://10.0.0.5:8443/realms/news", "https://localhost/x",
                           "http://127.0.0.1:8080/", "http://127.9.9.9/", "http://localhost:9000/", "http://[::1]:80/x",
                           "http://id.localhost/"})
        EXPECT_TRUE(check_fetch_url(ok)) << ok;
    for (const char* refused : {"http://idp.example.com/", "http://10.0.0.5/", "http://[::ffff:10.0.0.5]/",
                                "https://user:pw@idp.example.com/", "https://user@idp.example.com/", "ftp://idp.example.com/",
                                "idp.example.com/x", "https://idp.example.com/#frag", ""}) {
        const auto checked = check_fetch_url(refused);
        ASSERT_FALSE(checked) << refused;
        EXPECT_EQ(checked.error().code, domain::ErrorCode::kInvalid);
    }
    EXPECT_FALSE(check_fetch_url("https://idp.example.com/" + std::string(2048, 'a')));
    const auto not_fetched = http_get("http://192.0.2.1/", fetch_options());
    ASSERT_FALSE(not_fetched);
    EXPECT_EQ(not_fetched.error().code, domain::ErrorCode::kInvalid);
}

TEST(HttpFetchTest, FormUrlencodeKeepsUnreservedAndEncodesTheRest) {
    EXPECT_EQ(form_urlencode("Az09-._~"), "Az09-._~");
    EXPECT_EQ(form_urlencode("a b&c=d/e+f:%"), "a+b%26c%3Dd%2Fe%2Bf%3A%25");
    EXPECT_EQ(form_urlencode("\xC3\xA9\n"), "%C3%A9%0A");
    EXPECT_EQ(form_urlencode(""), "");
}

}  // namespace
}  // namespace tribune::outbound
