#include "http/dispatcher.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "http/log_text.hpp"
#include "http/problem.hpp"
#include "http/request_metrics.hpp"

namespace tribune::http {
namespace {

Response internal_error(const Request& req, const char* what) {
    spdlog::error("request_failed id={} method={} path=\"{}\" error=\"{}\"", req.request_id,
                  method_name(req.method), log_text(req.path), log_text(what, 512));
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
        if (inm->find(value) == std::string_view::npos && *inm != "*") return;
        res.status = 304;
        res.body.clear();
        break;
    }
    // No body, so no coding of one (RFC 9110 15.4.5); the ETag and Vary name the form held.
    if (res.status == 304) std::erase_if(res.headers, [](const auto& h) { return h.first == "Content-Encoding"; });
}

}  // namespace

struct Dispatcher::Impl {
    const Router& router;
    boost::asio::thread_pool pool;
    Hooks hooks;
    Impl(const Router& r, std::size_t n, Hooks h) : router(r), pool(n), hooks(std::move(h)) {}

    // The answer is final: count it under its route (or "unmatched") and status.
    void count(const Route* route, const Request& req, const Response& res,
               std::chrono::steady_clock::time_point started) const noexcept {
        if (hooks.metrics)
            hooks.metrics->record(route, req.method, res.status, std::chrono::steady_clock::now() - started);
    }

    void finish(const Request& req, Response& res) const {
        apply_conditional(req, res);
        if (hooks.after) hooks.after(req, res);
    }

    // The after-hooks (CORS, security headers) on an error answer too, when they can run.
    void finish_quietly(const Request& req, Response& res) const noexcept {
        try {
            finish(req, res);
        } catch (...) {
        }
    }
};

Dispatcher::Dispatcher(const Router& router, std::size_t worker_threads, Hooks hooks)
    : impl_(std::make_unique<Impl>(router, worker_threads, std::move(hooks))) {
    if (impl_->hooks.metrics) impl_->hooks.metrics->bind(router);
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::dispatch(Request req, Done done) {
    Impl& impl = *impl_;
    const auto started = std::chrono::steady_clock::now();
    std::optional<Response> early = impl.hooks.before ? impl.hooks.before(req) : std::nullopt;
    const bool answered_before = early.has_value();
    const RouteMatch m = answered_before ? RouteMatch{} : impl.router.match(req);
    if (!early && !m.route && !m.path_known && impl.hooks.moved &&
        (req.method == Method::kGet || req.method == Method::kHead)) {
        if (impl.hooks.metrics) impl.hooks.metrics->job_queued();
        boost::asio::post(impl.pool, [&impl, started, req = std::move(req), done = std::move(done)]() mutable {
            if (impl.hooks.metrics) impl.hooks.metrics->job_started();
            Response r;
            try {
                auto target = impl.hooks.moved(req);
                r = target ? moved_permanently(*target) : impl.hooks.unmatched(req, 404, {});
                impl.finish(req, r);
            } catch (const std::exception& e) {
                r = internal_error(req, e.what());
                impl.finish_quietly(req, r);
            }
            impl.count(nullptr, req, r, started);
            try {
                done(std::move(r));
            } catch (...) {
                spdlog::error("request_failed id={} stage=done", req.request_id);
            }
            if (impl.hooks.metrics) impl.hooks.metrics->job_finished();
        });
        return;
    }
    if (!early && !m.route) {
        early = impl.hooks.unmatched(req, m.path_known ? 405 : 404, m.allowed);
        if (m.path_known) early->set("Allow", m.allowed);
    }
    if (!early && m.route->fast) {
        try {
            early = m.route->fast(req);
        } catch (const std::exception& e) {
            early = internal_error(req, e.what());
        }
    }
    if (early) {
        impl.finish(req, *early);
        // Answered before matching (a preflight, a cross-site refusal): labelled by the route
        // the path names, if any.
        const Route* route = answered_before && impl.hooks.metrics ? impl.router.match(req).route : m.route;
        impl.count(route, req, *early, started);
        return done(std::move(*early));
    }
    if (impl.hooks.metrics) impl.hooks.metrics->job_queued();
    boost::asio::post(impl.pool, [&impl, route = m.route, started, req = std::move(req), done = std::move(done)]() mutable {
        if (impl.hooks.metrics) impl.hooks.metrics->job_started();
        // Nothing may leave a pool thread: a throw would end the process.
        Response r;
        try {
            r = route->handler(req);
            impl.finish(req, r);
        } catch (const std::exception& e) {
            r = internal_error(req, e.what());
            impl.finish_quietly(req, r);
        } catch (...) {
            r = internal_error(req, "unknown exception");
            impl.finish_quietly(req, r);
        }
        impl.count(route, req, r, started);
        try {
            done(std::move(r));
        } catch (...) {
            spdlog::error("request_failed id={} stage=done", req.request_id);
        }
        if (impl.hooks.metrics) impl.hooks.metrics->job_finished();
    });
}

std::size_t Dispatcher::body_limit(Method method, std::string_view path) const {
    Request probe;
    probe.method = method;
    probe.path = std::string(path);
    const RouteMatch m = impl_->router.match(probe);
    return m.route ? m.route->body_limit : 0;
}

void Dispatcher::check_headers(Request req, std::function<void(HeaderVerdict)> done) {
    const RouteMatch m = impl_->router.match(req);
    if (!m.route || !m.route->check_headers) return done(HeaderVerdict{});
    const Route* route = m.route;
    post([this, route, req = std::move(req), done = std::move(done)]() mutable {
        HeaderVerdict verdict;
        try {
            if (impl_->hooks.before) verdict.refusal = impl_->hooks.before(req);
            if (!verdict.refusal) verdict = route->check_headers(req);
        } catch (const std::exception& e) {
            spdlog::error("request_failed id={} stage=check_headers error=\"{}\"", req.request_id, e.what());
            verdict = HeaderVerdict{
                problem(domain::make_error(domain::ErrorCode::kInternal, "Internal error", "the request failed")), nullptr};
        }
        if (verdict.refusal) {
            verdict.admitted = nullptr;
            if (impl_->hooks.after) impl_->hooks.after(req, *verdict.refusal);
        }
        done(std::move(verdict));
    });
}

void Dispatcher::post(std::function<void()> job) {
    RequestMetrics* metrics = impl_->hooks.metrics;
    if (!metrics) return boost::asio::post(impl_->pool, std::move(job));
    metrics->job_queued();
    boost::asio::post(impl_->pool, [metrics, job = std::move(job)] {
        metrics->job_started();
        struct Finished {
            RequestMetrics* m;
            ~Finished() { m->job_finished(); }
        } finished{metrics};
        job();
    });
}

void Dispatcher::stop() { impl_->pool.join(); }

}  // namespace tribune::http
