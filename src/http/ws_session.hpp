#pragma once
// A live stream over WebSocket. Internal to the server.

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "domain/viewer.hpp"
#include "http/config.hpp"
#include "http/frame_queue.hpp"
#include "live/hub.hpp"
#include "live/subscriber.hpp"

namespace tribune::http {

/// What a live stream needs to start.
struct LiveStart {
    std::string page;
    domain::Viewer viewer;
    std::optional<std::uint64_t> last_event_id;
};

class WsSession : public std::enable_shared_from_this<WsSession>, public live::Subscriber {
public:
    WsSession(boost::beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start,
              std::atomic<std::size_t>& open);
    ~WsSession() override;

    /// Completes the handshake for `req`, then subscribes and reads client frames.
    void run(boost::beast::http::request<boost::beast::http::string_body> req);

    void deliver(std::shared_ptr<const std::string> frame, std::uint64_t event_id) override;

private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void send(std::shared_ptr<const std::string> frame, bool replayed = false);
    void do_write();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void drop();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    FrameQueue queue_;
    std::atomic<bool> starting_{false};  // true while the hub greets and replays (one thread)
    live::Hub& hub_;
    const HttpConfig& config_;
    LiveStart start_;
    std::atomic<std::size_t>& open_;
    live::SubscriptionId subscription_ = 0;
    bool dropped_ = false;
};

}  // namespace tribune::http
