// POST /api/v1/live/typing: the typing signal for clients on SSE (WebSocket clients send a frame).
#include "http/handlers/api_routes.hpp"

#include "domain/comment_text.hpp"
#include "http/problem.hpp"

namespace tribune::http {

void add_live_api(Router& router, Services& s, live::Hub& hub) {
    auto typing = [&s, &hub](Request& req) -> std::optional<Response> {
        auto page = domain::validate_page_key(req.query_param("page").value_or(""), s.config.limits);
        if (!page) return problem(page.error());
        const auto connection = req.query_param("connection").value_or("");
        if (!hub.typing(*page, connection))
            return problem(domain::make_error(domain::ErrorCode::kNotFound, "Unknown live connection",
                                              "connection names no open live stream on this page",
                                              {domain::FieldError{"connection", "no such live connection"}}));
        return no_content();
    };
    // The hub never blocks on I/O: answer on the I/O thread.
    router.add(Method::kPost, "/api/v1/live/typing", [typing](Request& r) { return *typing(r); }, typing);
}

}  // namespace tribune::http
