#include "app/serve.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

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
#include "http/origin.hpp"
#include "http/problem.hpp"
#include "http/security_headers.hpp"
#include "http/server.hpp"
#include "http/author_token.hpp"
#include "http/session_auth.hpp"
#include "http/services.hpp"
#include "http/staff_stream_guard.hpp"
#include "live/hub.hpp"
#include "live/local_bus.hpp"
#include "live/pg_bus.hpp"
#include "render/pages.hpp"

namespace tribune::app {
namespace {

// "a, b ,c" -> {"a", "b", "c"}
std::vector<std::string> split_list(std::string_view rest) {
    std::vector<std::string> out;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

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
    h.trust_proxy = c.trust_proxy;
    h.session_lifetime = std::chrono::seconds(c.session_days * 86400);
    h.policy.moderation = h.moderation;
    if (c.auto_close_days > 0) h.policy.auto_close_days = static_cast<int>(c.auto_close_days);
    h.policy.report_threshold = static_cast<int>(c.report_threshold);
    h.policy.hide_reported = c.hide_reported;
    h.policy.max_links = static_cast<int>(c.max_links);
    h.policy.banned_words = split_list(c.banned_words);
    h.max_live_connections = static_cast<std::size_t>(c.max_live_connections);
    h.live_queue_frames = static_cast<std::size_t>(c.live_queue_frames);
    h.live_insert = c.live_insert;
    for (auto& origin : split_list(c.allowed_origins)) {
        while (!origin.empty() && origin.back() == '/') origin.pop_back();
        if (!origin.empty()) h.allowed_origins.push_back(std::move(origin));
    }
    return h;
}

http::RateRules rate_rules(const Config& c) {
    http::RateRules r;
    const double posts = static_cast<double>(c.rate_posts_per_minute);
    r.posts_per_author = {posts, posts / 60};
    r.posts_per_ip = {2 * posts, 2 * posts / 60};
    const double logins = static_cast<double>(c.rate_logins_per_minute);
    r.logins_per_email = {5 * logins, logins / 60};  // per account and address
    r.logins_per_ip = {10 * logins, 2 * logins / 60};
    r.login_failures_per_email = {10 * logins, 2 * logins / 60};  // per account from anywhere: then delayed
    return r;
}

// The salt of IP hashes: made once per store and kept in it, so every node hashes alike.
domain::Result<std::string> ip_salt(store::Store& db) {
    auto salt = db.get_setting("ip_hash_salt");
    if (!salt) return salt.error();
    if (*salt) return **salt;
    const std::string fresh = http::new_author_token();
    if (auto ok = db.put_setting("ip_hash_salt", fresh); !ok) return ok.error();
    auto again = db.get_setting("ip_hash_salt");  // another node may have won the race
    if (!again) return again.error();
    return again->value_or(fresh);
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

// Every live reader holds a descriptor, and the usual soft limit is 1,024: take all the system
// allows, and note it in the log when that is fewer than the live connections configured.
void raise_descriptor_limit(const Config& config) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
    }
    const auto wanted = static_cast<rlim_t>(config.max_live_connections) + 256;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
        spdlog::info("descriptor_limit open_files={} max_live_connections={} note=\"raise the hard limit (LimitNOFILE=) "
                     "to hold every live connection\"",
                     limit.rlim_cur, config.max_live_connections);
}

}  // namespace

int serve(const Config& config) {
    raise_descriptor_limit(config);
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
    http::ThreadCacheLimits cache_limits;
    cache_limits.max_bytes = static_cast<std::size_t>(config.cache_max_bytes);
    cache_limits.max_entries_per_page = static_cast<std::size_t>(config.cache_entries_per_page);
    http::ThreadCache cache(cache_limits);
    http::HttpConfig hconfig;
    live::HubOptions hub_options;
    hub_options.replay_window = std::chrono::seconds(config.replay_window_seconds);
    hub_options.max_log_bytes = static_cast<std::size_t>(config.replay_max_bytes);
    live::Hub hub(hub_options);
    auto bus = open_bus(config, hub, cache);  // after hub and cache: it feeds them, so it stops first
    if (!bus) {
        spdlog::error("startup_failed reason=\"the live bus cannot reach the database\"");
        return 1;
    }
    store::Store& db = **store;
    http::Safeguards guards(rate_rules(config));
    auto salt = ip_salt(db);
    if (!salt) {
        spdlog::error("startup_failed reason=\"{}: {}\"", salt.error().title, salt.error().message);
        return 1;
    }
    guards.ip_salt = std::move(*salt);
    http::Services services{db, clock, hconfig, cache, guards,
                            [&bus, &db](http::CommentChange what, const domain::Comment& c) {
                                http::notify_live(*bus, db, what, c);
                            },
                            [&hub] { return hub.last_event_id(); }};
    http::Router router;
    http::add_health(router, services);
    http::add_comment_api(router, services);
    http::add_live_api(router, services, hub);
    http::add_pages(router, services);
    http::add_session_api(router, services);
    http::add_moderation_api(router, services);
    http::add_desk_pages(router, services);
    http::add_static_assets(router);
    http::Dispatcher::Hooks hooks;
    hooks.unmatched = [&hconfig](const http::Request& req, int status, const std::string& allowed) {
        return unmatched(hconfig, req, status, allowed);
    };
    hooks.before = [&hconfig](const http::Request& req) -> std::optional<http::Response> {
        if (auto preflight = http::cors_preflight(hconfig, req)) return preflight;
        return http::refuse_cross_site(hconfig, req);
    };
    hooks.after = [&hconfig](const http::Request& req, http::Response& res) {
        http::add_cors_headers(hconfig, req, res);
        http::add_security_headers(hconfig, req, res);
    };
    http::Dispatcher dispatcher(router, static_cast<std::size_t>(config.worker_threads), std::move(hooks));
    http::LiveEndpoint live_endpoint(hub, hconfig, [&services](const http::Request& r) {
        return http::identify_for_live(services, r);
    });
    // Staff access that ended (logout, disabled, demoted, erased; on any node) ends on the
    // streams it opened here too.
    http::StaffStreamGuard staff_guard(services, hub);
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
