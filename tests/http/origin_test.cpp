#include "http/origin.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

TEST(Origin, CanonicalFormComparesSchemeHostAndPort) {
    EXPECT_EQ(canonical_origin("HTTPS://News.Example"), "https://news.example");
    EXPECT_EQ(canonical_origin("https://news.example:443"), "https://news.example");
    EXPECT_EQ(canonical_origin("http://news.example:80/"), "http://news.example");
    EXPECT_EQ(canonical_origin("http://news.example:8080"), "http://news.example:8080");
    EXPECT_EQ(canonical_origin("http://[::1]:8080"), "http://[::1]:8080");
    EXPECT_EQ(canonical_origin("http://[::1]"), "http://[::1]");
    for (const char* bad : {"null", "", "news.example", "ftp://news.example", "https://news.example/path",
                            "https://user@news.example", "https://news.example:", "https://news.example:99999x",
                            "https://", "https://news example"})
        EXPECT_FALSE(canonical_origin(bad)) << bad;
}

TEST(Origin, TheSiteAndAllowedOriginsOnly) {
    HttpConfig config;
    config.site.base_url = "https://news.example";
    config.allowed_origins = {"https://blog.example"};
    EXPECT_TRUE(is_site_origin(config, "https://news.example:443"));
    EXPECT_FALSE(is_site_origin(config, "http://news.example"));
    EXPECT_TRUE(origin_allowed(config, "https://BLOG.example"));
    EXPECT_FALSE(origin_allowed(config, "https://blog.example.evil"));
    EXPECT_FALSE(origin_allowed(config, "null"));
}

namespace {
Request post(std::string path, std::vector<std::pair<std::string, std::string>> headers, std::string body) {
    Request r;
    r.method = Method::kPost;
    r.path = std::move(path);
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}
}  // namespace

TEST(Origin, RefusesCrossSiteAndNonJsonWrites) {
    HttpConfig config;
    config.site.base_url = "http://news.example";
    config.allowed_origins = {"https://blog.example"};
    EXPECT_FALSE(refuse_cross_site(config, post("/api/v1/comments", {{"content-type", "application/json; charset=utf-8"}}, "{}")));
    EXPECT_EQ(refuse_cross_site(config, post("/api/v1/comments", {{"content-type", "text/plain"}}, "{}"))->status, 415);
    EXPECT_EQ(refuse_cross_site(config, post("/api/v1/comments", {}, "{}"))->status, 415);
    EXPECT_FALSE(refuse_cross_site(config, post("/api/v1/live/typing", {}, "")));  // no body
    EXPECT_EQ(refuse_cross_site(config, post("/api/v1/comments", {{"origin", "https://evil.example"},
                                                                  {"content-type", "application/json"}}, "{}"))->status,
              403);
    EXPECT_FALSE(refuse_cross_site(config, post("/api/v1/comments", {{"origin", "https://blog.example"},
                                                                    {"content-type", "application/json"}}, "{}")));
    EXPECT_EQ(refuse_cross_site(config, post("/name", {{"origin", "https://blog.example"}}, "a=b"))->status, 403);
    EXPECT_FALSE(refuse_cross_site(config, post("/name", {{"origin", "http://news.example"}}, "a=b")));
    Request get = post("/api/v1/comments", {{"origin", "https://evil.example"}}, "");
    get.method = Method::kGet;
    EXPECT_FALSE(refuse_cross_site(config, get));
}
