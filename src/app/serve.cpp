#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/demo_publication.hpp"
#include "app/logging.hpp"
#include "app/store_access.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/handlers/api_routes.hpp"
#include "http/json_codec.hpp"
#include "http/live_endpoint.hpp"
#include "http/live_notifier.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "http/services.hpp"
#include "live/hub.hpp"
#include "live/local_bus.hpp"
#include "live/pg_bus.hpp"
#include "render/pages.hpp"

namespace tribune::app {
namespace {

http::HttpConfig http_config(const Config& c, const std::string& bound_address) {
    http::HttpConfig h;
    h.admin_token = c.admin_token;
    h.moderation = domain::parse_moderation_mode(c.moderation).value_or(domain::ModerationMode::kPreModerate);
    h.limits.edit_window = std::chrono::seconds(c.edit_window_seconds);
    h.limits.max_text_chars = static_cast<std::size_t>(c.max_text_chars);
    h.site.name = c.site_name;
    h.site.base_url = c.public_url.empty() ? "http://" + bound_address : c.public_url;
    while (!h.site.base_url.empty() && h.site.base_url.back() == '/') h.site.base_url.pop_back();
    h.secure_cookies = c.secure_cookies;
    h.max_live_connections = static_cast<std::size_t>(c.max_live_connections);
    h.live_queue_frames = static_cast<std::size_t>(c.live_queue_frames);
    std::string_view rest = c.allowed_origins;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '/')) item.remove_suffix(1);
        if (!item.empty()) h.allowed_origins.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
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

// Nodes on one PostgreSQL database share their live discussion through it; a node on SQLite is
// alone. The bus drops a page's cached bodies as each event arrives, whichever node wrote.
std::unique_ptr<live::Bus> open_bus(const Config& config, live::Hub& hub, http::ThreadCache& cache) {
    const std::string url = database_url(config);
    if (!url.starts_with("postgres://") && !url.starts_with("postgresql://"))
        return std::make_unique<live::LocalBus>(hub);
    live::PgBusOptions options;
    options.conninfo = url;
    options.replay_window = std::chrono::seconds(config.replay_window_seconds);
    options.on_event = [&cache](const std::string& page) { cache.invalidate(page); };
    auto bus = live::PgBus::start(hub, std::move(options));
    if (!bus) return nullptr;
    return std::move(*bus);
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
    live::HubOptions hub_options;
    hub_options.replay_window = std::chrono::seconds(config.replay_window_seconds);
    live::Hub hub(hub_options);
    auto bus = open_bus(config, hub, cache);  // after hub and cache: it feeds them, so it stops first
    if (!bus) {
        spdlog::error("startup_failed reason=\"the live bus cannot reach the database\"");
        return 1;
    }
    store::Store& db = **store;
    http::Services services{db, clock, hconfig, cache,
                            [&bus, &db](http::CommentChange what, const domain::Comment& c) {
                                http::notify_live(*bus, db, what, c);
                            },
                            [&hub] { return hub.last_event_id(); }};
    http::Router router;
    http::add_health(router);
    http::add_comment_api(router, services);
    http::add_live_api(router, services, hub);
    http::add_pages(router, services);
    http::add_static_assets(router);
    http::Dispatcher::Hooks hooks;
    hooks.unmatched = [&hconfig](const http::Request& req, int status, const std::string& allowed) {
        return unmatched(hconfig, req, status, allowed);
    };
    hooks.before = [&hconfig](const http::Request& req) { return http::cors_preflight(hconfig, req); };
    hooks.after = [&hconfig](const http::Request& req, http::Response& res) {
        http::add_cors_headers(hconfig, req, res);
    };
    http::Dispatcher dispatcher(router, static_cast<std::size_t>(config.worker_threads), std::move(hooks));
    http::LiveEndpoint live_endpoint(hub, hconfig);
    std::unique_ptr<http::Server> server;
    try {
        server = std::make_unique<http::Server>(options, dispatcher, &live_endpoint);
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
