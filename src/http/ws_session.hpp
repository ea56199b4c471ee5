#pragma once
// A live stream over WebSocket. Internal to the server.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "http/config.hpp"
#include "http/frame_queue.hpp"
#include "http/live_start.hpp"
#include "http/ws_reader.hpp"
#include "live/hub.hpp"
#include "live/subscriber.hpp"

namespace tribune::http {

/// Beast completes the opening handshake; after it the session speaks the protocol on the bare
/// socket itself, so every reader of a page writes the same pre-framed bytes (live::Frame) and a
/// reader's waiting frames leave in one write.
class WsSession : public std::enable_shared_from_this<WsSession>, public live::Subscriber {
public:
    WsSession(boost::beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start);
    ~WsSession() override;

    /// Completes the handshake for `req`, then subscribes and reads client frames.
    void run(boost::beast::http::request<boost::beast::http::string_body> req);

    void deliver(std::span<const live::Outgoing> frames, live::Delivery why) override;

private:
    struct Handshake;
    /// Bytes to send, kept alive by their owner (a shared live::Frame, or a control frame).
    struct Piece {
        std::shared_ptr<const void> owner;
        std::string_view bytes;
    };
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_readable(boost::beast::error_code ec);
    void handle(WsRead message);
    void enqueue(std::span<Piece> pieces, bool bounded, bool events);
    std::size_t send_now(std::span<const Piece> pieces);
    void send_control(std::string frame, bool always = false);
    void close_with(std::uint16_t code, bool peer_closed);
    void finish_close();
    void do_write();
    void write_queued();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_keepalive();
    void drop();

    std::unique_ptr<Handshake> handshake_;  // until the upgrade is answered
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer keepalive_;
    WsReader reader_;
    // Any thread may deliver: with nothing waiting, the frames go straight to the socket from
    // the delivering thread (no hop to this stream's strand); otherwise they wait here for the
    // strand's write. The mutex guards the queue, the write state and the socket's closing.
    std::mutex write_mutex_;
    FrameQueue queue_;
    bool writing_ = false;     // an async write is in flight or posted
    std::size_t in_flight_ = 0;  // frames in that write
    bool broken_ = false;      // nothing more may be written (dropped, or about to be)
    bool closing_ = false;     // a close frame is queued: send nothing more, then hang up
    bool delivered_ = false;   // live events went out since the last keepalive tick
    bool peer_closed_ = false;   // the close frame answers the peer's
    live::Hub& hub_;
    const HttpConfig& config_;
    LiveStart start_;
    // Strand only:
    live::SubscriptionId subscription_ = 0;
    bool heard_ = false;   // the client sent something since the last keepalive tick
    bool pinged_ = false;  // a ping went out at the last tick
    bool closing_ticked_ = false;  // a keepalive tick has passed since closing began
    bool dropped_ = false;
    int auth_frames_ = 0;  // a stream proves one token; a client sending many is closed
    static constexpr int kMaxAuthFrames = 4;
};

}  // namespace tribune::http
