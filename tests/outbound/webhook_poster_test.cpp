#include "outbound/webhook_poster.hpp"

#include <gtest/gtest.h>

#include "outbound/local_http_server.hpp"

namespace tribune::outbound {
namespace {

using test::LocalHttpServer;

std::string status_only(int code, const std::string& extra = "") {
    return "HTTP/1.1 " + std::to_string(code) + " X\r\nContent-Length: 0\r\nConnection: close\r\n" + extra + "\r\n";
}

PostOptions private_allowed() {
    PostOptions options;
    options.allow_private = true;
    options.timeout = std::chrono::milliseconds{10'000};
    return options;
}

TEST(WebhookPosterTest, PostsTheBodyAndHeadersAndReadsA2xx) {
    LocalHttpServer server([](const std::string&) { return status_only(204); });
    WebhookRequest request{server.url(), R"({"type":"comment.created"})", {{"webhook-id", "msg_1"}, {"webhook-timestamp", "1700000000"}}};
    const auto response = make_webhook_poster(private_allowed())->post(request);
    EXPECT_EQ(response.error, "");
    EXPECT_EQ(response.status_code, 204);
    EXPECT_TRUE(response.ok());
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("POST /hook HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(seen[0].find("\r\nContent-Type: application/json\r\n"), std::string::npos);
    EXPECT_NE(seen[0].find("\r\nUser-Agent: Tribune-Webhooks/1\r\n"), std::string::npos);
    EXPECT_NE(seen[0].find("\r\nwebhook-id: msg_1\r\n"), std::string::npos);
    EXPECT_NE(seen[0].find("\r\nwebhook-timestamp: 1700000000\r\n"), std::string::npos);
    EXPECT_EQ(seen[0].substr(seen[0].size() - request.body.size()), request.body);
}

TEST(WebhookPosterTest, A500IsAResponseButNotOk) {
    LocalHttpServer server([](const std::string&) { return status_only(500); });
    const auto response = make_webhook_poster(private_allowed())->post({server.url(), "{}", {}});
    EXPECT_EQ(response.error, "");
    EXPECT_EQ(response.status_code, 500);
    EXPECT_FALSE(response.ok());
}

TEST(WebhookPosterTest, RedirectsAreNotFollowed) {
    std::string location;
    LocalHttpServer server([&](const std::string& request) {
        return request.rfind("POST /hook ", 0) == 0 ? status_only(307, "Location: " + location + "\r\n")
                                                    : status_only(200);
    });
    location = server.url("/elsewhere");
    const auto response = make_webhook_poster(private_allowed())->post({server.url(), "{}", {}});
    EXPECT_EQ(response.status_code, 307);
    EXPECT_FALSE(response.ok());
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("POST /hook ", 0), 0u);
}

TEST(WebhookPosterTest, AnOversizedResponseStillGivesItsStatus) {
    LocalHttpServer server([](const std::string&) {
        const std::string body(1 << 20, 'x');
        return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    });
    auto options = private_allowed();
    options.max_response_bytes = 1024;
    const auto response = make_webhook_poster(options)->post({server.url(), "{}", {}});
    EXPECT_EQ(response.error, "");
    EXPECT_EQ(response.status_code, 200);
    EXPECT_TRUE(response.ok());
}

TEST(WebhookPosterTest, AnEndpointThatNeverAnswersTimesOut) {
    LocalHttpServer server([](const std::string&) { return std::string(); });
    auto options = private_allowed();
    options.timeout = std::chrono::milliseconds{300};
    const auto response = make_webhook_poster(options)->post({server.url(), "{}", {}});
    EXPECT_EQ(response.status_code, 0);
    EXPECT_NE(response.error.find("did not answer"), std::string::npos) << response.error;
    EXPECT_FALSE(response.ok());
}

TEST(WebhookPosterTest, LoopbackIsRefusedUnlessPrivateAddressesAreAllowed) {
    LocalHttpServer server([](const std::string&) { return status_only(200); });
    PostOptions strict;
    const auto refused = make_webhook_poster(strict)->post({server.url("/refused"), "{}", {}});
    EXPECT_EQ(refused.status_code, 0);
    EXPECT_NE(refused.error.find("refused"), std::string::npos) << refused.error;
    EXPECT_NE(refused.error.find("loopback"), std::string::npos) << refused.error;
    const auto by_name = make_webhook_poster(strict)->post(
        {"http://localhost:" + std::to_string(server.port()) + "/refused", "{}", {}});
    EXPECT_NE(by_name.error.find("refused"), std::string::npos) << by_name.error;
    // A numeric form the resolver reads as 127.0.0.1 is refused too.
    const auto numeric = make_webhook_poster(strict)->post(
        {"http://2130706433:" + std::to_string(server.port()) + "/refused", "{}", {}});
    EXPECT_NE(numeric.error.find("refused"), std::string::npos) << numeric.error;

    const auto allowed = make_webhook_poster(private_allowed())->post({server.url("/allowed"), "{}", {}});
    EXPECT_TRUE(allowed.ok()) << allowed.error;
    // Connections are served in order: had a refused post connected, it would be listed first.
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("POST /allowed ", 0), 0u);
}

TEST(WebhookPosterTest, HeadersWithLineBreaksAndOtherSchemesAreRefused) {
    LocalHttpServer server([](const std::string&) { return status_only(200); });
    auto poster = make_webhook_poster(private_allowed());
    const auto injected = poster->post({server.url("/bad"), "{}", {{"webhook-id", "x\r\nX-Evil: 1"}}});
    EXPECT_FALSE(injected.error.empty());
    const auto bad_name = poster->post({server.url("/bad"), "{}", {{"bad name:", "x"}}});
    EXPECT_FALSE(bad_name.error.empty());
    const auto ftp = poster->post({"ftp://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", {}});
    EXPECT_FALSE(ftp.error.empty());
    const auto good = poster->post({server.url("/good"), "{}", {}});
    EXPECT_TRUE(good.ok()) << good.error;
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].rfind("POST /good ", 0), 0u);
}

TEST(WebhookUrlTest, ShapeRules) {
    for (const char* url : {"https://hooks.example.com/tribune", "http://hooks.example.com:8080/x?y=1",
                            "https://93.184.216.34/hook", "https://[2606:4700::1111]/hook"})
        EXPECT_TRUE(check_webhook_url(url, false, false)) << url;
    for (const char* url : {"", "ftp://hooks.example.com/", "file:///etc/passwd", "gopher://x/", "hooks.example.com/x",
                            "https://user:pw@hooks.example.com/", "https://user@hooks.example.com/",
                            "https://hooks.example.com/x#frag", "https://hooks.example.com/a b", "https:///nohost", "https:/nohost", "https://",
                            "https://hooks.example.com:99999/", "https://[fe80::1%25eth0]/",
                            "https://h\xC3\xA9.example/"})
        EXPECT_FALSE(check_webhook_url(url, true, false)) << url;
    EXPECT_FALSE(check_webhook_url("https://a.example/" + std::string(2048, 'p'), true, false));
}

TEST(WebhookUrlTest, NonPublicHostsAreRefusedUnlessAllowed) {
    for (const char* url : {"http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
                            "http://127.0.0.1:8080/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
                            "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://localhost/",
                            "http://api.localhost/", "http://LOCALHOST./"}) {
        const auto refused = check_webhook_url(url, false, false);
        ASSERT_FALSE(refused) << url;
        EXPECT_EQ(refused.error().code, domain::ErrorCode::kInvalid);
        EXPECT_TRUE(check_webhook_url(url, true, false)) << url;
    }
    const auto metadata = check_webhook_url("http://169.254.169.254/", false, false);
    ASSERT_FALSE(metadata);
    EXPECT_NE(metadata.error().message.find("metadata"), std::string::npos) << metadata.error().message;
}

TEST(WebhookUrlTest, ResolvingFindsLoopbackBehindAName) {
    // localhost resolves to loopback (RFC 6761) without any outside DNS.
    EXPECT_FALSE(check_webhook_url("http://localhost:9/", false, true));
    EXPECT_FALSE(check_webhook_url("http://2130706433/", false, true));  // 127.0.0.1 as one number
    EXPECT_TRUE(check_webhook_url("http://2130706433/", true, true));
    EXPECT_FALSE(check_webhook_url("http://no-such-host.invalid/", false, true));
}

}  // namespace
}  // namespace tribune::outbound
