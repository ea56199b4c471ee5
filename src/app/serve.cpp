#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/demo_publication.hpp"
#include "app/logging.hpp"
#include "app/store_access.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/api_routes.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "http/services.hpp"
#include "render/pages.hpp"

namespace tribune::app {
namespace {

http::HttpConfig http_config(const Config& c, const std::string& bound_address) {
    http::HttpConfig h;
    h.admin_token = c.admin_token;
    h.moderation = c.moderation == "post" ? domain::ModerationMode::kPostModerate : domain::ModerationMode::kPreModerate;
    h.limits.edit_window = std::chrono::seconds(c.edit_window_seconds);
    h.limits.max_text_chars = static_cast<std::size_t>(c.max_text_chars);
    h.site.name = c.site_name;
    h.site.base_url = c.public_url.empty() ? "http://" + bound_address : c.public_url;
    while (!h.site.base_url.empty() && h.site.base_url.back() == '/') h.site.base_url.pop_back();
    h.secure_cookies = c.secure_cookies;
    return h;
}

// Unknown paths: a problem document for the API, an HTML page for browsers.
http::Response unmatched(const http::HttpConfig& config, const http::Request& req, int status,
                         const std::string&) {
    const bool api = req.path.rfind("/api/", 0) == 0;
    const std::string title = status == 405 ? "Method not allowed" : "Not found";
    const std::string detail = status == 405 ? "this path does not take that method" : "nothing lives at this path";
    if (api || status == 405) {
        auto r = http::problem(domain::make_error(domain::ErrorCode::kNotFound, title, detail));
        r.status = status;
        return r;
    }
    render::ErrorView v;
    v.site = config.site;
    v.status = status;
    v.title = title;
    v.message = "There is no page at this address.";
    return http::html_response(status, render::error_page(v));
}

}  // namespace

int serve(const Config& config) {
    auto store = open_configured_store(config);
    if (!store) return 1;
    if (config.seed_demo) {
        auto empty = (*store)->is_empty();
        if (!empty) {
            spdlog::error("startup_failed reason=\"{}\"", empty.error().message);
            return 1;
        }
        if (*empty) {
            domain::SystemClock clock;
            if (auto seeded = seed_demo_publication(**store, clock.now()); !seeded) {
                spdlog::error("demo_seed_failed reason=\"{}: {}\"", seeded.error().title, seeded.error().message);
                return 1;
            }
            spdlog::info("demo publication written into the empty store");
        }
    }

    std::string host;
    unsigned short port = 0;
    split_listen(config.listen, host, port);
    http::ServerOptions options;
    options.address = host;
    options.port = port;
    options.io_threads = static_cast<unsigned>(config.io_threads);
    options.max_body_bytes = static_cast<std::size_t>(config.max_body_bytes);
    options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);

    domain::SystemClock clock;
    http::ThreadCache cache;
    http::HttpConfig hconfig;
    http::Services services{**store, clock, hconfig, cache, nullptr};
    http::Router router;
    http::add_health(router);
    http::add_comment_api(router, services);
    http::add_pages(router, services);
    http::add_static_assets(router);
    http::Dispatcher dispatcher(router, static_cast<std::size_t>(config.worker_threads),
                                [&hconfig](const http::Request& req, int status, const std::string& allowed) {
                                    return unmatched(hconfig, req, status, allowed);
                                });
    std::unique_ptr<http::Server> server;
    try {
        server = std::make_unique<http::Server>(options, dispatcher);
    } catch (const std::exception& e) {
        spdlog::error("startup_failed reason=\"{}\"", e.what());
        return 1;
    }
    hconfig = http_config(config, server->local_address());
    spdlog::info("listening on http://{}", server->local_address());
    flush_logs();
    server->run();
    dispatcher.stop();
    spdlog::info("stopped");
    flush_logs();
    return 0;
}

}  // namespace tribune::app
