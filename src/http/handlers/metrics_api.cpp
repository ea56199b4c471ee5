// GET /metrics: the Prometheus text format, for the hosts and token the settings name. Off (404)
// unless metrics_token or metrics_allow is set; then a caller must come from an allowed address
// (403) and send the token as a bearer (401, wrong tokens limited by bad_bearers_per_ip: 429),
// whichever of the two are set. The route's guard runs refusal() (Caller::kScraper).
#include "http/handlers/handlers.hpp"

#include <sodium.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/identity.hpp"
#include "http/metrics_report.hpp"
#include "http/problem.hpp"
#include "metrics/text_format.hpp"

namespace tribune::http::metrics_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

// The address the allowlist judges: the one a trusted proxy names (else every request through
// a local proxy would come from 127.0.0.1), the peer's otherwise.
std::string_view caller_address(const Request& req, const HttpConfig& config) {
    return proxied_address(req, config).value_or(req.remote_address);
}

// Compares hashes, so neither the token's length nor where a guess first differs shows in time.
bool token_matches(std::string_view presented, const std::string& token) {
    unsigned char a[crypto_generichash_BYTES];
    unsigned char b[crypto_generichash_BYTES];
    crypto_generichash(a, sizeof a, reinterpret_cast<const unsigned char*>(presented.data()), presented.size(),
                       nullptr, 0);
    crypto_generichash(b, sizeof b, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    return sodium_memcmp(a, b, sizeof a) == 0;
}

std::optional<std::string_view> bearer(const Request& req) {
    constexpr std::string_view kBearer = "Bearer ";
    const auto auth = req.header("authorization");
    if (!auth || !auth->starts_with(kBearer)) return std::nullopt;
    return auth->substr(kBearer.size());
}

}  // namespace

std::optional<Response> refusal(Services& s, const Request& req) {
    const HttpConfig& c = s.config;
    if (c.metrics_token.empty() && c.metrics_allow.empty())
        return problem(make_error(ErrorCode::kNotFound, "Not found", "nothing lives at this path"));
    if (!c.metrics_allow.empty() && !c.metrics_allow.allows(caller_address(req, c)))
        return problem(make_error(ErrorCode::kForbidden, "Address not allowed",
                                  "this address may not read the metrics; see metrics_allow"));
    if (c.metrics_token.empty()) return std::nullopt;
    const auto presented = bearer(req);
    if (presented && token_matches(*presented, c.metrics_token)) return std::nullopt;
    // Guessing costs a token from the address's bucket, as guessing the admin token does.
    if (presented)
        if (auto wait = s.guards.bad_bearers_per_ip.take(client_ip(req, c), std::chrono::steady_clock::now())) {
            auto e = make_error(ErrorCode::kRateLimited, "Too many unknown tokens",
                                "wait " + std::to_string(wait->count()) + " seconds and try again");
            e.retry_after_seconds = static_cast<int>(wait->count());
            return problem(e);
        }
    Response r = problem(make_error(ErrorCode::kUnauthenticated, "Metrics token required",
                                    "send the metrics token as Authorization: Bearer <metrics_token>"));
    r.replace("WWW-Authenticate", "Bearer realm=\"metrics\"");
    return r;
}

Response metrics(Site& site, Request&, const Identity&) {
    if (!site.metrics) return problem(make_error(ErrorCode::kNotFound, "Not found", "nothing lives at this path"));
    Response r;
    r.set("Content-Type", std::string(metrics::kTextContentType));
    r.set("Cache-Control", "no-store");
    r.body = metrics_report(site.services, *site.metrics);
    return r;
}

}  // namespace tribune::http::metrics_api
