#include "http/sse_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "http/live_socket.hpp"

namespace tribune::http {
namespace beast = boost::beast;
namespace net = boost::asio;

namespace {
// Often enough that proxies keep the stream open and a vanished reader is noticed (the
// heartbeat goes unacknowledged: detect_dead_peers).
constexpr auto kHeartbeat = std::chrono::seconds(10);
}

SseSession::SseSession(beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start,
                       std::string cors_headers)
    : stream_(std::move(stream)), heartbeat_(stream_.get_executor()), hub_(hub), config_(config),
      start_(std::move(start)), cors_headers_(std::move(cors_headers)) {}

SseSession::~SseSession() {
    if (subscription_) hub_.unsubscribe(subscription_);
}

void SseSession::run() {
    stream_.expires_never();
    detect_dead_peers(stream_.socket().native_handle());
    bound_send_buffer(stream_.socket().native_handle());
    // The body runs until either side closes, so the response is close-delimited.
    auto head = std::make_shared<const std::string>(
        "HTTP/1.1 200 OK\r\nServer: tribune\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n" +
        cors_headers_ + "\r\nretry: 2000\n\n");
    send(head, *head, true);
    flush();
    subscription_ = hub_.subscribe(start_.page, weak_from_this(), start_.viewer, start_.last_event_id,
                                   start_.credential);
    do_watch();
    do_heartbeat();
}

void SseSession::deliver(std::span<const live::Outgoing> frames, live::Delivery why) {
    // The frames' shared SSE bytes, no copy; what the hub hands over together leaves in one write.
    Batch batch(frames.begin(), frames.end());
    const bool replayed = why == live::Delivery::kReplay;
    net::post(stream_.get_executor(), [self = shared_from_this(), b = std::move(batch), replayed] {
        for (const auto& f : b) {
            if (f.event_id == f.frame->event_id())
                self->send_frame(f.frame, replayed);
            else  // a frame sent under another id than it was built with: encode it for this stream
                self->send_copy(f, replayed);
        }
        self->flush();
    });
}

void SseSession::send_copy(const live::Outgoing& f, bool replayed) {
    auto own = std::make_shared<const std::string>(
        (f.event_id ? "id: " + std::to_string(f.event_id) + "\n" : std::string()) + "data: " +
        std::string(f.frame->json()) + "\n\n");
    send(own, *own, replayed);
}

void SseSession::send_frame(const live::FramePtr& frame, bool replayed) {
    if (dropped_) return;
    if (!queue_.push_parts(frame, {frame->sse_prefix(), frame->json(), live::Frame::kSseEnd}, replayed,
                           {config_.live_queue_frames, config_.live_queue_bytes}))
        return drop();
}

void SseSession::send(std::shared_ptr<const void> owner, std::string_view bytes, bool replayed) {
    if (dropped_) return;
    if (!queue_.push(std::move(owner), bytes, replayed, {config_.live_queue_frames, config_.live_queue_bytes}))
        return drop();
}

void SseSession::flush() {
    if (writing_ || queue_.empty() || dropped_) return;
    auto buffers = queue_.next_write();
    writing_ = buffers.size();
    net::async_write(stream_.socket(), std::move(buffers),
                     beast::bind_front_handler(&SseSession::on_write, shared_from_this()));
}

void SseSession::on_write(beast::error_code ec, std::size_t) {
    if (ec || dropped_) return drop();
    queue_.pop(writing_);
    writing_ = 0;
    flush();
}

// The client never sends on an event stream; a read completes only when it goes away.
void SseSession::do_watch() {
    stream_.socket().async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->drop();
        self->do_watch();
    });
}

void SseSession::do_heartbeat() {
    heartbeat_.expires_after(kHeartbeat);
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->dropped_) return;
        static const auto ping = std::make_shared<const std::string>(": keep-alive\n\n");
        self->send(ping, *ping, false);
        self->flush();
        self->do_heartbeat();
    });
}

void SseSession::drop() {
    if (dropped_) return;
    dropped_ = true;
    if (subscription_) hub_.unsubscribe(subscription_);
    subscription_ = 0;
    heartbeat_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

}  // namespace tribune::http
