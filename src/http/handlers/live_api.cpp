// POST /api/v1/live/typing and /api/v1/live/auth: what clients on SSE say over plain requests
// (WebSocket clients send the same as frames).
#include "http/handlers/handlers.hpp"

#include "domain/comment_text.hpp"
#include "service/author_token.hpp"
#include "http/identity.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"
#include "live/hub.hpp"

namespace tribune::http::live_api {

std::optional<Response> typing(Site& site, Request& req) {
    Services& s = site.services;
    live::Hub& hub = site.hub;
    auto page = domain::validate_page_key(req.query_param("page").value_or(""), s.config.limits);
    if (!page) return problem(page.error());
    const auto connection = req.query_param("connection").value_or("");
    if (!hub.typing(*page, connection))
        return problem(domain::make_error(domain::ErrorCode::kNotFound, "Unknown live connection",
                                          "connection names no open live stream on this page",
                                          {domain::FieldError{"connection", "no such live connection"}}));
    return no_content();
}

// The body is the WebSocket auth frame, {"type":"auth","author_token":"..."}: the token stays
// out of URLs and logs.
std::optional<Response> auth(Site& site, Request& req) {
    Services& s = site.services;
    live::Hub& hub = site.hub;
    if (const auto wait = s.guards.live_auths_per_ip.take(client_ip(req, s.config), std::chrono::steady_clock::now())) {
        auto e = domain::make_error(domain::ErrorCode::kRateLimited, "Too many live authentications",
                                    "try again later");
        e.retry_after_seconds = static_cast<int>(wait->count());
        return problem(e);
    }
    auto page = domain::validate_page_key(req.query_param("page").value_or(""), s.config.limits);
    if (!page) return problem(page.error());
    const ClientMessage m = decode_client_message(req.body);
    if (m.kind != ClientMessage::Kind::kAuth)
        return problem(domain::make_error(domain::ErrorCode::kMalformed, "Not an auth message",
                                          m.error.empty() ? "the body must be {\"type\":\"auth\",\"author_token\":...}" : m.error));
    if (!service::is_author_token(m.author_token))
        return problem(domain::make_error(domain::ErrorCode::kInvalid, "Unknown author token",
                                          "author_token is not one this server hands out",
                                          {domain::FieldError{"author_token", "is not an author token"}}));
    const auto connection = req.query_param("connection").value_or("");
    switch (hub.set_author(*page, connection, service::hash_author_token(m.author_token))) {
        case live::Hub::AuthResult::kDone: return no_content();
        case live::Hub::AuthResult::kAlreadyDone:
            return problem(domain::make_error(domain::ErrorCode::kConflict, "Already authenticated",
                                              "this live stream has proved another author token; open a new one"));
        case live::Hub::AuthResult::kUnknownConnection: break;
    }
    return problem(domain::make_error(domain::ErrorCode::kNotFound, "Unknown live connection",
                                      "connection names no open live stream on this page",
                                      {domain::FieldError{"connection", "no such live connection"}}));
}

}  // namespace tribune::http::live_api
