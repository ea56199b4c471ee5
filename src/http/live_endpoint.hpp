#pragma once
// GET /api/v1/live: takes a connection over from the HTTP session for a WebSocket or an SSE
// stream. Free of Beast, so the wiring (app/serve.cpp) can make one without compiling Asio: the
// connection arrives as a LiveHandoff (http/live_handoff.hpp, internal to the server).

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>

#include "http/address_slots.hpp"
#include "http/config.hpp"
#include "http/identity.hpp"
#include "service/live_notifier.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "live/hub.hpp"

namespace tribune::http {

inline constexpr std::string_view kLivePath = "/api/v1/live";

struct LiveHandoff;

class LiveEndpoint {
public:
    /// `viewer_of` tells who a request is without blocking (the session cache); nullptr: only
    /// bearer and author tokens count.
    LiveEndpoint(live::Hub& hub, const HttpConfig& config,
                 std::function<Identity(const Request&)> viewer_of = nullptr);

    /// Starts a live stream on `stream` for `req` and returns nullopt (the stream is taken), or
    /// returns the response refusing it: 422 bad page, 403 foreign origin, 503 at the node's
    /// connection cap, 429 at the client network's, 400 neither WebSocket nor event-stream.
    std::optional<Response> accept(LiveHandoff& connection, const Request& parsed);

    /// Live streams open on this node.
    std::size_t open() const { return open_.load(); }

private:
    live::Hub& hub_;
    const HttpConfig& config_;
    std::function<Identity(const Request&)> viewer_of_;
    std::atomic<std::size_t> open_{0};
    AddressSlots per_address_;
};

}  // namespace tribune::http
