#include "http/router.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

namespace {
Response named(std::string name) {
    Response r;
    r.body = std::move(name);
    return r;
}
}  // namespace

TEST(Router, MatchesParametersAndMethods) {
    Router router;
    router.add(Method::kGet, "/api/v1/comments/{id}", [](Request&) { return named("get"); });
    router.add(Method::kPatch, "/api/v1/comments/{id}", [](Request&) { return named("patch"); });
    router.add(Method::kGet, "/api/v1/comments/{id}/replies", [](Request&) { return named("replies"); });
    Request req;
    req.path = "/api/v1/comments/42/replies";
    auto m = router.match(req);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(m.route->handler(req).body, "replies");
    ASSERT_EQ(req.path_params.size(), 1u);
    EXPECT_EQ(req.path_params[0], "42");
}

TEST(Router, HeadUsesGetAndOtherMethodsAre405) {
    Router router;
    router.add(Method::kGet, "/x", [](Request&) { return named("x"); });
    Request head;
    head.method = Method::kHead;
    head.path = "/x";
    EXPECT_TRUE(router.match(head).route);
    Request del;
    del.method = Method::kDelete;
    del.path = "/x";
    auto m = router.match(del);
    EXPECT_FALSE(m.route);
    EXPECT_TRUE(m.path_known);
    EXPECT_EQ(m.allowed, "GET");
    Request none;
    none.path = "/y";
    EXPECT_FALSE(router.match(none).path_known);
}
