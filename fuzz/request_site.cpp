#include "request_site.hpp"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <future>
#include <tuple>
#include <vector>

#include "app/demo_publication.hpp"
#include "domain/account.hpp"
#include "domain/comment.hpp"
#include "domain/role.hpp"
#include "service/author_token.hpp"
#include "http/caches.hpp"
#include "http/cors.hpp"
#include "http/dispatcher.hpp"
#include "http/route_table.hpp"
#include "http/node_events.hpp"
#include "http/origin.hpp"
#include "service/password.hpp"
#include "http/problem.hpp"
#include "http/security_headers.hpp"
#include "http/services.hpp"
#include "live/hub.hpp"
#include "live/local_bus.hpp"
#include "render/pages.hpp"
#include "store/open_store.hpp"

namespace tribune::fuzz {
namespace {

// What configuration gives serve.cpp's http_config(), with what fuzzing needs reachable:
// an admin token, a partner origin for CORS, X-Real-IP honoured so inputs choose their address.
http::HttpConfig site_config() {
    http::HttpConfig c;
    c.admin_token = std::string(kAdminToken);
    c.site.name = "Tribune";
    c.site.base_url = std::string(kSiteUrl);
    c.trust_proxy = true;
    c.allowed_origins = {"https://partner.example"};
    c.policy.banned_words = {"cretin", "buy now"};
    return c;
}

// serve.cpp's answer for unknown paths: a problem for the API, an HTML page for browsers.
http::Response unmatched(const http::HttpConfig& config, const http::Request& req, int status) {
    if (req.method == http::Method::kOther)
        return http::problem(domain::make_error(domain::ErrorCode::kMalformed, "Method not supported", "unknown method"), 501);
    const std::string title = status == 405 ? "Method not allowed" : "Not found";
    if (req.path.rfind("/api/", 0) == 0 || status == 405)
        return http::problem(domain::make_error(domain::ErrorCode::kNotFound, title, "nothing here"), status);
    render::ErrorView v;
    v.site = config.site;
    v.status = status;
    v.title = title;
    v.message = "There is no page at this address.";
    return http::html_response(status, render::error_page(v));
}

// A store problem at setup is the harness's, not a finding: stop at once.
template <class R>
auto must(R result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "request_fuzz setup failed: %s: %s\n", what, result.error().message.c_str());
        std::abort();
    }
    if constexpr (!std::is_void_v<typename R::value_type>) return std::move(*result);
}

// The staff accounts and the session cookie each logs in with.
struct Staff {
    domain::User user;
    std::string_view session;
};

// Opens `staff`'s session afresh (closing it first when it is still open).
domain::Result<void> open_session(store::Store& db, const Staff& staff, domain::Time now) {
    const std::string hash = service::hash_author_token(staff.session);
    (void)db.delete_session(hash);
    return db.insert_session({hash, staff.user.id, std::string(kCsrfToken), now, now + std::chrono::hours(24 * 365)});
}

// The demo publication, staff, and an author with a pending and an approved comment.
std::vector<Staff> seed(store::Store& db, domain::Time now) {
    must(app::seed_demo_publication(db, now), "seeding the demo");
    static const std::string password_hash = service::hash_password("fuzz-password").value_or("");
    std::vector<Staff> staff;
    for (auto [email, role, session] : {std::tuple{"desk@example.org", domain::Role::kModerator, kModeratorSession},
                                        std::tuple{"admin@example.org", domain::Role::kAdmin, kAdminSession}}) {
        const std::string name = "Desk " + std::string(domain::to_string(role));
        staff.push_back({must(db.insert_user({email, name, role, password_hash, now, false, ""}), "adding staff"), session});
        must(open_session(db, staff.back(), now), "opening a session");
    }
    domain::NewComment c;
    c.page = "/articles/" + std::string(app::demo::kTideGaugeSlug);
    c.author.name = "Fuzz Reader";
    c.author_token_hash = service::hash_author_token(kAuthorToken);
    c.ip_hash = "fuzz-ip-hash";
    c.text = "Is the gauge data on https://example.org too?";
    c.created_at = now;
    must(db.insert_comment(c), "adding the pending comment");
    c.text = "The gauge reads 4.2 m, within the edit window.";
    c.status = domain::CommentStatus::kApproved;
    must(db.insert_comment(c), "adding the approved comment");
    return staff;
}

// Requests that may end a staff session or change a staff account (log out, disable, demote).
bool touches_staff(const http::Request& req) {
    if (req.method == http::Method::kGet || req.method == http::Method::kHead) return false;
    return req.path == "/api/v1/session" || req.path == "/admin/logout" || req.path.starts_with("/api/v1/users/") ||
           req.path.starts_with("/admin/users/");
}

std::string make_temp_dir() {
    const char* parent = std::getenv("TRIBUNE_FUZZ_TMP");
    std::string pattern = std::string(parent ? parent : "/tmp") + "/request-fuzz.XXXXXX";
    if (!mkdtemp(pattern.data())) {
        std::perror("request_fuzz: mkdtemp");
        std::abort();
    }
    return pattern;
}

}  // namespace

// One store's worth of site, torn down in reverse order: the dispatcher's workers first.
struct RequestSite::Live {
    std::unique_ptr<store::Store> store;
    domain::SystemClock clock;
    http::HttpConfig config = site_config();
    http::Caches caches;
    service::Safeguards guards{service::RateRules{}};
    live::Hub hub;
    live::LocalBus bus{hub};
    http::NodeEvents events{caches, bus, *store};
    http::Services services;
    http::Site site{services, hub, nullptr, http::serve_assets(true)};
    http::Router router;
    std::unique_ptr<http::Dispatcher> dispatcher;
    std::vector<Staff> staff;
    bool staff_touched = false;

    explicit Live(std::unique_ptr<store::Store> s, std::vector<Staff> seeded)
        : store(std::move(s)),
          services{{*store, clock, config, guards, events}, config, caches.pages, caches.lists, caches.later_lists,
                   caches.sitemaps, [this] { return hub.last_event_id(); }} {
        guards.set_node_key("fuzz-ip-salt");
        http::add_routes(router, site);
        http::Dispatcher::Hooks hooks;
        hooks.unmatched = [this](const http::Request& req, int status, const std::string&) {
            return unmatched(config, req, status);
        };
        hooks.before = [this](const http::Request& req) -> std::optional<http::Response> {
            if (auto preflight = http::cors_preflight(config, req)) return preflight;
            return http::refuse_cross_site(config, req);
        };
        hooks.after = [this](const http::Request& req, http::Response& res) {
            http::add_cors_headers(config, req, res);
            http::add_security_headers(config, req, res);
        };
        dispatcher = std::make_unique<http::Dispatcher>(router, 1, std::move(hooks));
        staff = std::move(seeded);
    }
    ~Live() { dispatcher.reset(); }

    // Inputs log staff out (and may disable them); put them back, or the desk would stay out
    // of reach for the rest of this store's inputs. An erased account stays erased.
    void restore_staff() {
        for (const Staff& s : staff) {
            if (store->update_user(s.user)) (void)open_session(*store, s, clock.now());
            guards.sessions.erase_user(s.user.id);
        }
        staff_touched = false;
    }
};

RequestSite& RequestSite::instance() {
    static RequestSite site;
    return site;
}

RequestSite::RequestSite() : dir_(make_temp_dir()) {
    // One line per request would drown libFuzzer's output; tracing (request_fuzz.cpp) shows it.
    spdlog::set_level(std::getenv("TRIBUNE_FUZZ_TRACE") ? spdlog::level::info : spdlog::level::off);
    next_input();
}

RequestSite::~RequestSite() {
    live_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void RequestSite::next_input() {
    if (live_ && ++inputs_ % kInputsPerStore != 0) {
        if (live_->staff_touched) live_->restore_staff();
        return;
    }
    live_.reset();
    const std::string path = dir_ + "/tribune.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto db = must(store::open_store("sqlite://" + path), "opening the store");
    auto staff = seed(*db, domain::SystemClock().now());
    live_ = std::make_unique<Live>(std::move(db), std::move(staff));
}

http::Response RequestSite::answer(http::Request req) {
    if (touches_staff(req)) live_->staff_touched = true;
    std::promise<http::Response> answered;
    auto response = answered.get_future();
    live_->dispatcher->dispatch(std::move(req), [&answered](http::Response r) { answered.set_value(std::move(r)); });
    return response.get();
}

}  // namespace tribune::fuzz
