#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/backup_schedule.hpp"
#include "app/demo_publication.hpp"
#include "app/descriptor_budget.hpp"
#include "app/ip_hash_key.hpp"
#include "app/logging.hpp"
#include "app/service_rules.hpp"
#include "app/store_access.hpp"
#include "http/caches.hpp"
#include "http/client_network.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/import_jobs.hpp"
#include "http/media_cache.hpp"
#include "http/json_codec.hpp"
#include "http/live_endpoint.hpp"
#include "http/metrics_report.hpp"
#include "http/node_events.hpp"
#include "http/old_paths.hpp"
#include "http/origin.hpp"
#include "http/problem.hpp"
#include "http/route_table.hpp"
#include "http/security_headers.hpp"
#include "http/server.hpp"
#include "service/author_token.hpp"
#include "http/session_auth.hpp"
#include "http/services.hpp"
#include "http/staff_stream_guard.hpp"
#include "live/hub.hpp"
#include "live/local_bus.hpp"
#include "live/pg_bus.hpp"
#include "render/pages.hpp"
#include "service/articles.hpp"
#include "app/outbox_loop.hpp"
#include "service/outside_changes.hpp"

namespace tribune::app {
namespace {


http::HttpConfig http_config(const Config& c, const std::string& bound_address) {
    http::HttpConfig h;
    h.admin_token = c.admin_token;
    h.metrics_token = c.metrics_token;
    std::string ignored;  // load_config refused a list that does not parse
    h.metrics_allow = http::AddressAllowlist::parse(c.metrics_allow, ignored).value_or(http::AddressAllowlist{});
    static_cast<service::Rules&>(h) = service_rules(c);
    h.moderation = h.policy.moderation;
    h.site.name = c.site_name;
    h.site.language = c.locale;
    h.site.base_url = c.public_url.empty() ? "http://" + bound_address : c.public_url;
    while (!h.site.base_url.empty() && h.site.base_url.back() == '/') h.site.base_url.pop_back();
    // A site served over https gets Secure, __Host- cookies without being told.
    h.secure_cookies = c.secure_cookies || h.site.base_url.starts_with("https://");
    h.trust_proxy = c.trust_proxy;
    h.trusted_proxies = http::AddressAllowlist::parse(c.trusted_proxies, ignored).value_or(http::AddressAllowlist{});
    h.max_live_connections = static_cast<std::size_t>(c.max_live_connections);
    h.live_queue_frames = static_cast<std::size_t>(c.live_queue_frames);
    h.live_queue_bytes = static_cast<std::size_t>(c.live_queue_bytes);
    h.max_live_per_address = static_cast<std::size_t>(c.max_live_per_address);
    h.live_insert = c.live_insert;
    h.compression = c.compression;
    for (auto& origin : split_list(c.allowed_origins)) {
        while (!origin.empty() && origin.back() == '/') origin.pop_back();
        if (!origin.empty()) h.allowed_origins.push_back(std::move(origin));
    }
    h.identity.site_url = h.site.base_url;
    for (const auto& origin : h.allowed_origins)
        if (origin != "*") h.identity.return_origins.push_back(origin);
    return h;
}


// Unknown paths: a problem document for the API, an HTML page for browsers.
http::Response unmatched(const http::HttpConfig& config, const http::Request& req, int status,
                         const std::string&) {
    const bool api = req.path.rfind("/api/", 0) == 0;
    if (req.method == http::Method::kOther)
        return http::problem(domain::make_error(domain::ErrorCode::kMalformed, "Method not supported",
                                                "the server does not know this request method"),
                             501);
    const std::string title = status == 405 ? "Method not allowed" : "Not found";
    const std::string detail = status == 405 ? "this path does not take that method" : "nothing lives at this path";
    if (api || status == 405)
        return http::problem(domain::make_error(domain::ErrorCode::kNotFound, title, detail), status);
    render::ErrorView v;
    v.site = config.site;
    v.status = status;
    v.title = title;
    v.message = "There is no page at this address.";
    return http::html_response(status, render::error_page(v));
}

// Nodes on one PostgreSQL database share their live discussion through it; a node on SQLite is
// alone. The bus drops a page's cached bodies as each event arrives, whichever node wrote, and
// what another node says changed (an article, a thread's settings, an author).
std::unique_ptr<live::Bus> open_bus(const Config& config, live::Hub& hub, http::Caches& caches) {
    const std::string url = database_url(config);
    if (!url.starts_with("postgres://") && !url.starts_with("postgresql://"))
        return std::make_unique<live::LocalBus>(hub);
    live::PgBusOptions options;
    options.conninfo = url;
    options.replay_window = std::chrono::seconds(config.replay_window_seconds);
    options.on_event = [&caches](const std::string& page) { caches.comment_changed(page); };
    options.on_page_changed = [&caches](const std::string& page) {
        if (page.empty()) caches.clear_all();
        else caches.page_changed(page);
    };
    auto bus = live::PgBus::start(hub, std::move(options));
    if (!bus) return nullptr;
    return std::move(*bus);
}

// Every connection and live reader holds a descriptor, and the usual soft limit is 1,024: take
// all the system allows and cap connections below it, so that running out never stops /healthz,
// the store or the log. The reserve covers them (the database's files or its connections, one
// per worker at most, and the listener).
DescriptorBudget connection_budget(const Config& config) {
    const std::size_t reserve = 64 + static_cast<std::size_t>(config.worker_threads);
    const auto b = descriptor_budget(reserve, static_cast<std::size_t>(config.max_live_connections));
    spdlog::info("connection_caps open_files={} connections={} live={}", b.limit, b.connections, b.live);
    if (b.live < static_cast<std::size_t>(config.max_live_connections))
        spdlog::warn("live_cap_lowered max_live_connections={} live={} note=\"raise the hard limit (LimitNOFILE=) "
                     "to hold more live connections\"",
                     config.max_live_connections, b.live);
    return b;
}

// Changes made at the command line (service/outside_changes.hpp) reach this node's caches and
// live readers within a second, and scheduled articles go out within a second of their time;
// a store that cannot answer is reported once a minute at most.
void publish_outside_changes(service::Context& ctx, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    std::chrono::steady_clock::time_point last_warning{};
    while (!stop.stop_requested()) {
        wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        if (stop.stop_requested()) break;
        std::string failure;
        try {
            auto taken = service::publish_outside_changes(ctx);
            if (!taken) failure = taken.error().title + ": " + taken.error().message;
            auto due = service::publish_due_articles(ctx);
            if (!due) failure = due.error().title + ": " + due.error().message;
            else if (*due > 0) spdlog::info("scheduled_articles_published count={}", *due);
        } catch (const std::exception& e) {  // this thread must not end the process
            failure = e.what();
        }
        const auto now = std::chrono::steady_clock::now();
        if (!failure.empty() && now - last_warning > std::chrono::minutes(1)) {
            last_warning = now;
            spdlog::warn("outside_changes_failed reason=\"{}\"", failure);
        }
    }
}

}  // namespace

int serve(const Config& config) {
    const DescriptorBudget budget = connection_budget(config);
    auto store = open_configured_store(config);
    if (!store) return 1;

    std::string host;
    unsigned short port = 0;
    split_listen(config.listen, host, port);
    http::ServerOptions options;
    options.address = host;
    options.port = port;
    options.io_threads = static_cast<unsigned>(config.io_threads);
    options.max_body_bytes = static_cast<std::size_t>(config.max_body_bytes);
    options.large_body_bytes = static_cast<std::size_t>(config.media_max_bytes);
    options.max_large_bodies = static_cast<std::size_t>(config.media_uploads_at_once);
    options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
    options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
    options.max_connections = budget.connections;
    options.max_connections_per_address = static_cast<std::size_t>(config.max_connections_per_address);
    if (config.trust_proxy) {
        std::string ignored;  // load_config refused a list that does not parse
        options.uncapped_peers = http::AddressAllowlist::parse(config.trusted_proxies, ignored).value_or(http::AddressAllowlist{});
    }

    // Bound first, so that the configuration (which names the bound address when public_url is
    // empty) is built whole before anything reads it; requests wait in the backlog until run().
    std::unique_ptr<http::Server> server;
    try {
        server = std::make_unique<http::Server>(options);
    } catch (const std::exception& e) {
        spdlog::error("startup_failed reason=\"{}\"", e.what());
        return 1;
    }
    http::HttpConfig built = http_config(config, server->local_address());
    built.max_live_connections = budget.live;
    const http::HttpConfig& hconfig = built;

    domain::SystemClock clock;
    http::ThreadCacheLimits cache_limits;
    cache_limits.max_bytes = static_cast<std::size_t>(config.cache_max_bytes);
    cache_limits.max_entries_per_page = static_cast<std::size_t>(config.cache_entries_per_page);
    http::Caches caches(cache_limits);
    live::HubOptions hub_options;
    hub_options.replay_window = std::chrono::seconds(config.replay_window_seconds);
    hub_options.max_log_bytes = static_cast<std::size_t>(config.replay_max_bytes);
    live::Hub hub(hub_options);
    // After the store, whose migrations make the bus's table; after hub and cache: it feeds
    // them, so it stops first.
    auto bus = open_bus(config, hub, caches);
    if (!bus) {
        spdlog::error("startup_failed reason=\"the live bus cannot reach the database\"");
        return 1;
    }
    store::Store& db = **store;
    service::Safeguards guards(rate_rules(config));
    auto salt = ip_hash_key(config, db);
    if (!salt) {
        spdlog::error("startup_failed reason=\"{}: {}\"", salt.error().title, salt.error().message);
        return 1;
    }
    guards.set_node_key(std::move(*salt));
    auto mail = outbox_mail(config, guards.mail_key);
    if (!mail) {
        spdlog::error("startup_failed reason=\"{}: {}\"", mail.error().title, mail.error().message);
        return 1;
    }
    http::NodeEvents events(caches, *bus, db);
    http::Services services{{db, clock, hconfig, guards, events},
                            hconfig,
                            caches.pages,
                            caches.lists,
                            caches.later_lists,
                            caches.sitemaps,
                            [&hub] { return hub.last_event_id(); }};
    http::MetricsSources metrics(hub);  // before the dispatcher, which records into it
    http::Router router;
    // PostgreSQL media is served from this node's disk cache (SQLite's from its own files).
    http::MediaCache media_cache(config.media_cache_dir.empty() ? config.data_dir + "/media-cache" : config.media_cache_dir,
                                 static_cast<std::uint64_t>(config.media_cache_max_bytes));
    // The desk's import: uploads kept privately under the data directory while they import; its
    // thread stops (and is waited for) before the services it uses go.
    http::ImportJobs imports(services, config.data_dir + "/imports", static_cast<std::uint64_t>(config.import_max_bytes),
                             static_cast<std::size_t>(config.max_body_bytes),
                             [&guards](std::string_view ip) { return http::network_hash(guards, ip); });
    http::Site site{services, hub, &metrics, http::serve_assets(config.compression), &media_cache, &imports};
    http::add_routes(router, site);
    http::Dispatcher::Hooks hooks;
    hooks.unmatched = [&hconfig](const http::Request& req, int status, const std::string& allowed) {
        return unmatched(hconfig, req, status, allowed);
    };
    hooks.moved = [&db](const http::Request& req) { return http::moved_path(db, req); };
    hooks.before = [&hconfig](const http::Request& req) -> std::optional<http::Response> {
        if (auto preflight = http::cors_preflight(hconfig, req)) return preflight;
        return http::refuse_cross_site(hconfig, req);
    };
    hooks.after = [&hconfig](const http::Request& req, http::Response& res) {
        http::add_cors_headers(hconfig, req, res);
        http::add_security_headers(hconfig, req, res);
    };
    hooks.metrics = &metrics.requests;
    http::Dispatcher dispatcher(router, static_cast<std::size_t>(config.worker_threads), std::move(hooks));
    http::LiveEndpoint live_endpoint(hub, hconfig, [&services](const http::Request& r) {
        return http::identify_for_live(services, r);
    });
    metrics.live_connections = [&live_endpoint] { return live_endpoint.open(); };
    // Staff access that ended (logout, disabled, demoted, erased; on any node) ends on the
    // streams it opened here too.
    http::StaffStreamGuard staff_guard(services, hub);
    server->serve_with(dispatcher, &live_endpoint);
    // Only once the address is ours: a start that cannot listen leaves no demo behind.
    if (config.seed_demo) {
        auto seeded = seed_demo_if_empty(db, clock.now());
        if (!seeded) {
            spdlog::error("demo_seed_failed reason=\"{}: {}\"", seeded.error().title, seeded.error().message);
            return 1;
        }
        if (*seeded) spdlog::info("demo publication written into the empty store");
    }
    spdlog::info("listening on http://{}", server->local_address());
    flush_logs();
    std::jthread outside_changes([&services](std::stop_token stop) { publish_outside_changes(services, stop); });
    std::jthread backups([&config](std::stop_token stop) { run_backup_schedule(config, stop); });
    // Webhook deliveries and mail (app/outbox_loop.cpp); stopped before the store closes.
    std::jthread outbox([&db, &clock, &config, &hconfig, mail = std::move(*mail)](std::stop_token stop) mutable {
        run_outbox(db, clock, config, hconfig.site.base_url, std::move(mail), stop);
    });
    server->run();
    // Every helper thread is told at once, so their in-flight work (a delivery, a backup) ends
    // together rather than one after another.
    outside_changes.request_stop();
    backups.request_stop();
    outbox.request_stop();
    outside_changes.join();
    backups.join();
    outbox.join();
    dispatcher.stop();
    server.reset();  // its sessions go before the dispatcher and services they used
    spdlog::info("stopped");
    flush_logs();
    return 0;
}

}  // namespace tribune::app
