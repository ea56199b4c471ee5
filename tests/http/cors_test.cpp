#include "http/cors.hpp"

#include "http/origin.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

namespace {
Request from(std::string origin, Method m = Method::kGet) {
    Request r;
    r.method = m;
    r.path = "/api/v1/comments";
    r.headers = {{"origin", std::move(origin)}, {"host", "news.example:8080"}};
    return r;
}
std::optional<std::string> header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return std::nullopt;
}
}  // namespace

TEST(Cors, AllowsConfiguredOriginsOnly) {
    HttpConfig config;
    config.allowed_origins = {"http://blog.example"};
    Response ok;
    add_cors_headers(config, from("http://blog.example"), ok);
    EXPECT_EQ(header(ok, "Access-Control-Allow-Origin"), "http://blog.example");
    Response no;
    add_cors_headers(config, from("http://evil.example"), no);
    EXPECT_FALSE(header(no, "Access-Control-Allow-Origin"));
    config.site.base_url = "http://news.example:8080";
    EXPECT_TRUE(origin_allowed(config, "http://news.example:8080"));
}

TEST(Cors, PreflightNamesMethodsAndHeaders) {
    HttpConfig config;
    config.allowed_origins = {"*"};
    auto r = cors_preflight(config, from("http://any.example", Method::kOptions));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204);
    EXPECT_NE(header(*r, "Access-Control-Allow-Headers")->find("Authorization"), std::string::npos);
    EXPECT_FALSE(cors_preflight(config, from("http://any.example", Method::kGet)));
}
