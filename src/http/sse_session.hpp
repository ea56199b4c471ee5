#pragma once
// A live stream as Server-Sent Events. Internal to the server.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/container/small_vector.hpp>

#include <array>
#include <span>
#include <memory>
#include <string>

#include "http/config.hpp"
#include "http/frame_queue.hpp"
#include "http/live_start.hpp"
#include "live/hub.hpp"
#include "live/subscriber.hpp"

namespace tribune::http {

class SseSession : public std::enable_shared_from_this<SseSession>, public live::Subscriber {
public:
    SseSession(boost::beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start,
               std::string cors_headers);
    ~SseSession() override;

    /// Sends the response head, subscribes, and watches for the client going away.
    void run();

    void deliver(std::span<const live::Outgoing> frames, live::Delivery why) override;

private:
    using Batch = boost::container::small_vector<live::Outgoing, 2>;
    /// Queues `bytes` (kept alive by `owner`); drops the reader when it is too far behind.
    void send(std::shared_ptr<const void> owner, std::string_view bytes, bool replayed);
    void send_copy(const live::Outgoing& f, bool replayed);
    void send_frame(const live::FramePtr& frame, bool replayed);
    void flush();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_watch();
    void do_heartbeat();
    void drop();

    boost::beast::tcp_stream stream_;
    boost::asio::steady_timer heartbeat_;
    std::array<char, 64> discard_{};
    FrameQueue queue_;
    live::Hub& hub_;
    const HttpConfig& config_;
    LiveStart start_;
    std::string cors_headers_;
    live::SubscriptionId subscription_ = 0;
    std::size_t writing_ = 0;  // chunks in the write in flight
    bool dropped_ = false;
};

}  // namespace tribune::http
