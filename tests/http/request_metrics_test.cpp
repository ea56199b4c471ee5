#include "http/request_metrics.hpp"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <string>

#include "http/dispatcher.hpp"
#include "http/router.hpp"
#include "metrics/text_format.hpp"

using namespace tribune::http;

namespace {

std::string text_of(const RequestMetrics& m) {
    tribune::metrics::TextWriter out;
    m.write(out);
    return out.take();
}

// The sample lines (not comments) of a report.
std::set<std::string> series(const std::string& text) {
    std::set<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = text.find('\n', at);
        const std::string line = text.substr(at, end - at);
        if (!line.empty() && line[0] != '#') out.insert(line.substr(0, line.rfind(' ')));
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

Response ok(Request&) { return Response{}; }

Response answer(Dispatcher& d, Request req) {
    std::promise<Response> done;
    auto got = done.get_future();
    d.dispatch(std::move(req), [&done](Response r) { done.set_value(std::move(r)); });
    return got.get();
}

Request request(Method m, std::string path) {
    Request r;
    r.method = m;
    r.path = std::move(path);
    return r;
}

}  // namespace

TEST(RequestMetrics, CountsByRoutePatternMethodAndStatus) {
    Router router;
    router.add(Method::kGet, "/api/v1/comments/{id}", ok);
    router.add(Method::kPost, "/api/v1/comments", ok);
    RequestMetrics m;
    m.bind(router);
    const Route& get = router.routes()[0];
    for (int i = 0; i < 3; ++i) m.record(&get, Method::kGet, 200, std::chrono::milliseconds(2));
    m.record(&get, Method::kHead, 404, std::chrono::milliseconds(1));  // HEAD counts under the GET route
    m.record(&router.routes()[1], Method::kPost, 299, std::chrono::milliseconds(1));  // not a known status
    const std::string t = text_of(m);
    EXPECT_NE(t.find("tribune_http_requests_total{route=\"/api/v1/comments/{id}\",method=\"GET\",status=\"200\"} 3\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("tribune_http_requests_total{route=\"/api/v1/comments/{id}\",method=\"GET\",status=\"404\"} 1\n"),
              std::string::npos);
    EXPECT_NE(t.find("tribune_http_requests_total{route=\"/api/v1/comments\",method=\"POST\",status=\"other\"} 1\n"),
              std::string::npos);
    EXPECT_NE(t.find("tribune_http_request_duration_seconds_count{route=\"/api/v1/comments/{id}\",method=\"GET\","
                     "status_class=\"2xx\"} 3\n"),
              std::string::npos);
    EXPECT_NE(t.find("tribune_http_request_duration_seconds_bucket{route=\"/api/v1/comments/{id}\",method=\"GET\","
                     "status_class=\"2xx\",le=\"0.0025\"} 3\n"),
              std::string::npos);
    EXPECT_NE(t.find("# TYPE tribune_http_requests_total counter\n"), std::string::npos);
    EXPECT_NE(t.find("# TYPE tribune_http_request_duration_seconds histogram\n"), std::string::npos);
}

TEST(RequestMetrics, SeriesStayBoundedWhateverThePaths) {
    Router router;
    router.add(Method::kGet, "/api/v1/comments/{id}", ok);
    RequestMetrics metrics;
    Dispatcher::Hooks hooks;
    hooks.unmatched = [](const Request&, int status, const std::string&) {
        Response r;
        r.status = status;
        return r;
    };
    hooks.metrics = &metrics;
    Dispatcher d(router, 1, hooks);
    EXPECT_EQ(answer(d, request(Method::kGet, "/api/v1/comments/1")).status, 200);
    EXPECT_EQ(answer(d, request(Method::kGet, "/nothing/here")).status, 404);
    const auto before = series(text_of(metrics));
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(answer(d, request(Method::kGet, "/api/v1/comments/" + std::to_string(1000 + i))).status, 200);
        EXPECT_EQ(answer(d, request(Method::kGet, "/random/" + std::to_string(i) + "/\"x\"\n")).status, 404);
    }
    const std::string t = text_of(metrics);
    EXPECT_EQ(series(t), before) << t;
    EXPECT_NE(t.find("{route=\"/api/v1/comments/{id}\",method=\"GET\",status=\"200\"} 51\n"), std::string::npos) << t;
    EXPECT_NE(t.find("{route=\"unmatched\",method=\"GET\",status=\"404\"} 51\n"), std::string::npos) << t;
    EXPECT_EQ(t.find("/random"), std::string::npos);
    d.stop();
    EXPECT_EQ(metrics.jobs_waiting(), 0);
    EXPECT_EQ(metrics.jobs_running(), 0);
}

TEST(RequestMetrics, CountsNothingUntilBound) {
    Router router;
    router.add(Method::kGet, "/x", ok);
    RequestMetrics m;
    m.record(&router.routes()[0], Method::kGet, 200, std::chrono::milliseconds(1));
    m.bind(router);
    EXPECT_EQ(text_of(m).find("tribune_http_requests_total{"), std::string::npos);
}
