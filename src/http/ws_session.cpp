#include "http/ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/container/small_vector.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <utility>

#include "service/author_token.hpp"
#include "http/json_codec.hpp"
#include "http/live_socket.hpp"

namespace tribune::http {
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

namespace {
constexpr std::size_t kMaxClientMessageBytes = 4096;
constexpr int kMaxReadsPerWake = 16;
// A quiet stream is pinged every tick; a client that stays silent for a whole tick after a ping
// is gone (presence must drop vanished readers within seconds, closed tabs drop at once).
constexpr auto kKeepaliveTick = std::chrono::seconds(10);

std::shared_ptr<const std::string> bytes_of(std::string s) { return std::make_shared<const std::string>(std::move(s)); }
}  // namespace

struct WsSession::Handshake {
    explicit Handshake(beast::tcp_stream&& stream) : ws(std::move(stream)) {}
    websocket::stream<beast::tcp_stream> ws;
};

WsSession::WsSession(beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start)
    : handshake_(std::make_unique<Handshake>(std::move(stream))),
      socket_(handshake_->ws.get_executor()),
      keepalive_(handshake_->ws.get_executor()),
      reader_(kMaxClientMessageBytes),
      hub_(hub),
      config_(config),
      start_(std::move(start)) {}

WsSession::~WsSession() {
    if (subscription_) hub_.unsubscribe(subscription_);
}

void WsSession::run(beast::http::request<beast::http::string_body> req) {
    auto& ws = handshake_->ws;
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "tribune"); }));
    ws.async_accept(req, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
    if (ec) return;
    socket_ = beast::get_lowest_layer(handshake_->ws).release_socket();
    handshake_.reset();
    socket_.non_blocking(true, ec);
    if (ec) return drop();
    detect_dead_peers(socket_.native_handle());
    bound_send_buffer(socket_.native_handle());
    subscription_ = hub_.subscribe(start_.page, weak_from_this(), start_.viewer, start_.last_event_id,
                                   start_.credential);
    do_read();
    do_keepalive();
}

// Waits for readability and then reads into a stack buffer: an idle reader holds no read buffer.
void WsSession::do_read() {
    socket_.async_wait(net::ip::tcp::socket::wait_read,
                       beast::bind_front_handler(&WsSession::on_readable, shared_from_this()));
}

void WsSession::on_readable(beast::error_code ec) {
    if (ec || dropped_) return drop();
    std::array<char, 4096> chunk;
    // A bounded number of reads per wake-up, so a client that never stops sending can't hold
    // the strand; the wait fires again at once if more is there.
    for (int reads = 0; reads < kMaxReadsPerWake; ++reads) {
        const std::size_t n = socket_.read_some(net::buffer(chunk), ec);
        if (ec == net::error::would_block) break;
        if (ec) return drop();  // closed by the peer (after our close frame: done), or reset
        heard_ = true;
        // After our close frame only the peer's end matters: what it still sends is read and
        // dropped, so closing with unread bytes never turns into a reset that loses the frame.
        if (closing_) continue;
        reader_.append(std::string_view(chunk.data(), n));
        for (;;) {
            WsRead r = reader_.next();
            if (r.kind == WsRead::Kind::kMore) break;
            handle(std::move(r));
            if (dropped_) return;
            if (closing_) break;
        }
        if (n < chunk.size()) break;
    }
    do_read();
}

void WsSession::handle(WsRead r) {
    switch (r.kind) {
        case WsRead::Kind::kMore:
        case WsRead::Kind::kPong:
            return;
        case WsRead::Kind::kPing:
            return send_control(ws_frame(kWsPong, r.payload));
        case WsRead::Kind::kClose:
            return close_with(r.close_code, true);
        case WsRead::Kind::kFailed:
            return close_with(r.close_code, false);
        case WsRead::Kind::kBinary:
            return send_control(ws_frame(kWsText, live_error_frame("frames must be text")));
        case WsRead::Kind::kText:
            break;
    }
    const ClientMessage m = decode_client_message(r.payload);
    switch (m.kind) {
        case ClientMessage::Kind::kTyping:
            hub_.typing(subscription_);
            break;
        case ClientMessage::Kind::kAuth:
            if (++auth_frames_ > kMaxAuthFrames) return close_with(static_cast<std::uint16_t>(WsClose::kPolicyViolation), false);
            if (!service::is_author_token(m.author_token)) {
                send_control(ws_frame(kWsText, live_error_frame("unknown author token")));
            } else if (hub_.authenticate(subscription_, service::hash_author_token(m.author_token)) ==
                       live::Hub::AuthResult::kAlreadyDone) {
                send_control(ws_frame(kWsText, live_error_frame("this stream has proved another author token")));
            }
            break;
        case ClientMessage::Kind::kInvalid:
            send_control(ws_frame(kWsText, live_error_frame(m.error)));
            break;
    }
}

void WsSession::deliver(std::span<const live::Outgoing> frames, live::Delivery why) {
    boost::container::small_vector<Piece, 4> pieces;
    for (const auto& f : frames) pieces.push_back(Piece{f.frame, f.frame->websocket()});
    enqueue(pieces, why == live::Delivery::kLive, true);
}

// Sends what the socket takes now when nothing is waiting, and queues the rest for the strand.
// A bounded delivery finding the queue full drops the reader: one this far behind would slow
// everyone's fan-out, so it reconnects and resumes instead.
void WsSession::enqueue(std::span<Piece> pieces, bool bounded, bool events) {
    std::lock_guard lock(write_mutex_);
    if (broken_ || closing_) return;
    delivered_ = delivered_ || events;
    std::size_t sent = 0;
    if (!writing_ && queue_.empty()) {
        sent = send_now(pieces);
        if (broken_) return;
    }
    for (auto& p : pieces) {
        if (sent >= p.bytes.size()) {
            sent -= p.bytes.size();
            continue;
        }
        const bool partial = sent > 0;  // the rest of a frame already begun must follow
        p.bytes.remove_prefix(sent);
        sent = 0;
        if (!queue_.push(std::move(p.owner), p.bytes, !bounded || partial, {config_.live_queue_frames, config_.live_queue_bytes})) {
            broken_ = true;
            net::post(keepalive_.get_executor(), [self = shared_from_this()] { self->drop(); });
            return;
        }
    }
    if (queue_.empty() || writing_) return;
    writing_ = true;
    net::post(keepalive_.get_executor(), [self = shared_from_this()] { self->do_write(); });
}

// One non-blocking gather write straight to the socket; the bytes it took. Holds write_mutex_.
std::size_t WsSession::send_now(std::span<const Piece> pieces) {
    std::array<iovec, 8> iov;
    std::size_t count = 0;
    for (const auto& p : pieces) {
        if (count == iov.size()) break;
        iov[count++] = iovec{const_cast<char*>(p.bytes.data()), p.bytes.size()};
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    for (;;) {
        const ssize_t n = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        broken_ = true;  // reset or gone: the strand hangs up
        net::post(keepalive_.get_executor(), [self = shared_from_this()] { self->drop(); });
        return 0;
    }
}

// Pongs, error frames and pings count against the queue's bound like events (a client that
// pings without reading must not grow the queue); the close frame always goes out.
void WsSession::send_control(std::string frame, bool always) {
    auto owner = bytes_of(std::move(frame));
    Piece piece{owner, *owner};
    enqueue(std::span(&piece, 1), !always, false);
}

// Sends a close frame after what is queued; the reader leaves the page now. When the peer
// closed first, the connection ends once the frame is out; otherwise our side of it is shut and
// the peer's close (its end of the stream) is awaited, for at most a keepalive tick or two.
void WsSession::close_with(std::uint16_t code, bool peer_closed) {
    if (dropped_ || closing_) return;
    if (subscription_) hub_.unsubscribe(subscription_);
    subscription_ = 0;
    send_control(ws_close_frame(code), true);
    bool out;
    {
        std::lock_guard lock(write_mutex_);
        closing_ = true;
        peer_closed_ = peer_closed;
        out = !writing_ && queue_.empty();
        if (out && !peer_closed) finish_close();
    }
    if (out && peer_closed) drop();
}

// Holds write_mutex_: the close frame is out.
void WsSession::finish_close() {
    beast::error_code ignored;
    socket_.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

void WsSession::do_write() {
    std::lock_guard lock(write_mutex_);
    write_queued();
}

// Holds write_mutex_, with writing_ set and something queued.
void WsSession::write_queued() {
    if (broken_) return;
    auto buffers = queue_.next_write();
    in_flight_ = buffers.size();
    net::async_write(socket_, std::move(buffers), beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, std::size_t) {
    bool hang_up;
    {
        std::lock_guard lock(write_mutex_);
        if (!ec && !broken_) {
            queue_.pop(in_flight_);
            in_flight_ = 0;
            if (!queue_.empty()) return write_queued();
        }
        writing_ = false;
        // Failed; or the close frame is out, after the peer's close (done) or before it.
        hang_up = ec || broken_ || (closing_ && peer_closed_);
        if (!hang_up && closing_) finish_close();
    }
    if (hang_up) drop();
}

void WsSession::do_keepalive() {
    keepalive_.expires_after(kKeepaliveTick);
    keepalive_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->dropped_) return;
        bool closing;
        bool delivered;
        {
            std::lock_guard lock(self->write_mutex_);
            closing = self->closing_;
            delivered = std::exchange(self->delivered_, false);
        }
        // Closing since the last tick (the frame stuck, or no answer), or a ping left unanswered.
        if (closing && std::exchange(self->closing_ticked_, true)) return self->drop();
        if (closing) return self->do_keepalive();
        if (self->pinged_ && !self->heard_) return self->drop();
        self->heard_ = false;
        // A stream that carried events this tick needs no ping: a vanished peer never
        // acknowledges them, and detect_dead_peers ends the connection. So a busy page's readers
        // are pinged only when it goes quiet.
        self->pinged_ = !delivered;
        if (self->pinged_) self->send_control(ws_frame(kWsPing, {}));
        self->do_keepalive();
    });
}

// On the strand. The socket closes under write_mutex_, so no thread writes to a descriptor
// number the system may already have given to another connection.
void WsSession::drop() {
    if (dropped_) return;
    dropped_ = true;
    {
        std::lock_guard lock(write_mutex_);
        broken_ = true;
        beast::error_code ignored;
        socket_.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }
    if (subscription_) hub_.unsubscribe(subscription_);
    subscription_ = 0;
    keepalive_.cancel();
}

}  // namespace tribune::http
