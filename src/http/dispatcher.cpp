#include "http/dispatcher.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "http/problem.hpp"

namespace tribune::http {
namespace {

Response internal_error(const Request& req, const char* what) {
    spdlog::error("request_failed id={} method={} path={} error=\"{}\"", req.request_id,
                  method_name(req.method), req.path, what);
    return problem(domain::make_error(domain::ErrorCode::kInternal, "Internal server error",
                                      "the server failed to answer; request id " + req.request_id));
}

// A 200 whose ETag the client already holds becomes 304 without a body.
void apply_conditional(const Request& req, Response& res) {
    if (res.status != 200 || (req.method != Method::kGet && req.method != Method::kHead)) return;
    const auto inm = req.header("if-none-match");
    if (!inm) return;
    for (const auto& [name, value] : res.headers) {
        if (name != "ETag") continue;
        if (inm->find(value) != std::string_view::npos || *inm == "*") {
            res.status = 304;
            res.body.clear();
        }
        return;
    }
}

}  // namespace

struct Dispatcher::Impl {
    const Router& router;
    boost::asio::thread_pool pool;
    Unmatched unmatched;
    Impl(const Router& r, std::size_t n, Unmatched u) : router(r), pool(n), unmatched(std::move(u)) {}
};

Dispatcher::Dispatcher(const Router& router, std::size_t worker_threads, Unmatched unmatched)
    : impl_(std::make_unique<Impl>(router, worker_threads, std::move(unmatched))) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::dispatch(Request req, Done done) {
    const RouteMatch m = impl_->router.match(req);
    if (!m.route) {
        Response r = impl_->unmatched(req, m.path_known ? 405 : 404, m.allowed);
        if (m.path_known) r.set("Allow", m.allowed);
        return done(std::move(r));
    }
    if (m.route->fast) {
        try {
            if (auto fast = m.route->fast(req)) {
                apply_conditional(req, *fast);
                return done(std::move(*fast));
            }
        } catch (const std::exception& e) {
            return done(internal_error(req, e.what()));
        }
    }
    boost::asio::post(impl_->pool, [route = m.route, req = std::move(req), done = std::move(done)]() mutable {
        Response r;
        try {
            r = route->handler(req);
        } catch (const std::exception& e) {
            r = internal_error(req, e.what());
        }
        apply_conditional(req, r);
        done(std::move(r));
    });
}

void Dispatcher::post(std::function<void()> job) { boost::asio::post(impl_->pool, std::move(job)); }

void Dispatcher::stop() { impl_->pool.join(); }

}  // namespace tribune::http
