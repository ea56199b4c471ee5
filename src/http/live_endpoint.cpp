#include "http/live_endpoint.hpp"

#include <boost/beast/websocket/rfc6455.hpp>

#include <cctype>

#include "domain/comment_text.hpp"
#include "domain/decimal.hpp"
#include "http/identity.hpp"
#include "http/live_handoff.hpp"
#include "http/origin.hpp"
#include "http/problem.hpp"
#include "http/sse_session.hpp"
#include "http/ws_session.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::make_error;

std::optional<std::uint64_t> parse_event_id(std::optional<std::string_view> text) {
    if (!text) return std::nullopt;
    const auto id = domain::parse_integer(*text);
    if (!id || *id < 0) return std::nullopt;
    return static_cast<std::uint64_t>(*id);
}

// Base64 of 16 bytes: 22 alphabet characters, the last of them carrying 2 bits (A, Q, g or w), then "==".
bool valid_websocket_key(std::optional<std::string_view> key) {
    if (!key || key->size() != 24 || !key->ends_with("==")) return false;
    for (std::size_t i = 0; i < 22; ++i) {
        const char c = (*key)[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return false;
    }
    const char last = (*key)[21];
    return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
}

}  // namespace

LiveEndpoint::LiveEndpoint(live::Hub& hub, const HttpConfig& config,
                           std::function<Identity(const Request&)> viewer_of)
    : hub_(hub), config_(config), viewer_of_(std::move(viewer_of)) {}

std::optional<Response> LiveEndpoint::accept(LiveHandoff& connection, const Request& parsed) {
    auto& stream = connection.stream;
    auto& req = connection.message;
    const auto page_param = parsed.query_param("page");
    if (!page_param)
        return problem(make_error(ErrorCode::kInvalid, "Missing parameter page", "page is required",
                                  {domain::FieldError{"page", "is required"}}));
    auto page = domain::validate_page_key(*page_param, config_.limits);
    if (!page) return problem(page.error());
    const auto origin = parsed.header("origin");
    if (origin && !origin_allowed(config_, *origin))
        return problem(make_error(ErrorCode::kForbidden, "Origin not allowed",
                                  "this site may not open live streams here; see allowed_origins"));
    if (boost::beast::websocket::is_upgrade(req) && !valid_websocket_key(parsed.header("sec-websocket-key")))
        return problem(make_error(ErrorCode::kMalformed, "Invalid Sec-WebSocket-Key",
                                  "the key must be 16 bytes in base64 (RFC 6455 4.1)"));
    Identity who = viewer_of_ ? viewer_of_(parsed) : identify(parsed, config_);
    // The client's own cap first: one client at it must not look like a full node to the others.
    auto address_slot = per_address_.take(who.client_ip, config_.max_live_per_address);
    if (!address_slot) {
        auto e = make_error(ErrorCode::kRateLimited, "Too many live connections from this address",
                            "close other live streams (tabs) first");
        e.retry_after_seconds = 10;
        return problem(e);
    }
    auto slot = LiveSlot::take(open_, config_.max_live_connections);
    if (!slot)
        return problem(make_error(ErrorCode::kUnavailable, "Too many live connections",
                                  "the server is at its live connection limit; retry shortly"));

    LiveStart start;
    start.page = std::move(*page);
    start.viewer = std::move(who.viewer);
    if (who.session) start.credential = std::move(who.session_token_hash);
    if (start.page == service::kDeskChannel && !start.viewer.is_staff())
        return problem(make_error(ErrorCode::kForbidden, "Moderators only", "the desk stream is for staff"));
    start.last_event_id = parse_event_id(parsed.query_param("last_event_id"));
    if (!start.last_event_id) start.last_event_id = parse_event_id(parsed.header("last-event-id"));
    start.slot = std::move(slot);
    start.address_slot = std::move(address_slot);

    if (boost::beast::websocket::is_upgrade(req)) {
        std::make_shared<WsSession>(std::move(stream), hub_, config_, std::move(start))->run(std::move(req));
        return std::nullopt;
    }
    const auto accept = parsed.header("accept");
    if (accept && accept->find("text/event-stream") != std::string_view::npos) {
        std::string cors;
        if (origin && origin_allowed(config_, *origin))
            cors = "Access-Control-Allow-Origin: " + std::string(*origin) + "\r\nVary: Origin\r\n";
        std::make_shared<SseSession>(std::move(stream), hub_, config_, std::move(start), std::move(cors))->run();
        return std::nullopt;
    }
    return problem(make_error(ErrorCode::kMalformed, "Not a live stream request",
                              "open a WebSocket, or ask for Accept: text/event-stream"));
}

}  // namespace tribune::http
