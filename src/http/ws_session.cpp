#include "http/ws_session.hpp"

#include <boost/asio/post.hpp>

#include "http/author_token.hpp"
#include "http/json_codec.hpp"

namespace tribune::http {
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

namespace {
constexpr std::size_t kMaxClientFrameBytes = 4096;
}

WsSession::WsSession(beast::tcp_stream&& stream, live::Hub& hub, const HttpConfig& config, LiveStart start,
                     std::atomic<std::size_t>& open)
    : ws_(std::move(stream)), hub_(hub), config_(config), start_(std::move(start)), open_(open) {
    ++open_;
}

WsSession::~WsSession() {
    if (subscription_) hub_.unsubscribe(subscription_);
    --open_;
}

void WsSession::run(beast::http::request<beast::http::string_body> req) {
    beast::get_lowest_layer(ws_).expires_never();
    // Pings after 10 s of silence; a peer that doesn't answer within 20 s is gone (presence
    // must drop closed tabs within seconds).
    websocket::stream_base::timeout timeouts{std::chrono::seconds(10), std::chrono::seconds(20), true};
    ws_.set_option(timeouts);
    ws_.read_message_max(kMaxClientFrameBytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "tribune"); }));
    ws_.async_accept(req, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
    if (ec) return;
    starting_ = true;
    subscription_ = hub_.subscribe(start_.page, weak_from_this(), start_.viewer, start_.last_event_id);
    starting_ = false;
    do_read();
}

void WsSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) return drop();  // closed, timed out, or an oversized or broken frame
    if (!ws_.got_text()) {
        send(std::make_shared<const std::string>(live_error_frame("frames must be text")));
    } else {
        const std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        const ClientMessage m = decode_client_message(text);
        switch (m.kind) {
            case ClientMessage::Kind::kTyping:
                hub_.typing(subscription_);
                break;
            case ClientMessage::Kind::kAuth:
                if (is_author_token(m.author_token) && !start_.viewer.is_staff()) {
                    start_.viewer.author_token_hash = hash_author_token(m.author_token);
                    hub_.set_viewer(subscription_, start_.viewer);
                } else {
                    send(std::make_shared<const std::string>(live_error_frame("unknown author token")));
                }
                break;
            case ClientMessage::Kind::kInvalid:
                send(std::make_shared<const std::string>(live_error_frame(m.error)));
                break;
        }
    }
    buffer_.consume(buffer_.size());
    do_read();
}

void WsSession::deliver(std::shared_ptr<const std::string> frame, std::uint64_t) {
    const bool replayed = starting_.load();
    net::post(ws_.get_executor(), [self = shared_from_this(), f = std::move(frame), replayed]() mutable {
        self->send(std::move(f), replayed);
    });
}

void WsSession::send(std::shared_ptr<const std::string> frame, bool replayed) {
    if (dropped_) return;
    // A reader this far behind would slow everyone's fan-out: let it reconnect and resume.
    if (!queue_.push(std::move(frame), replayed, config_.live_queue_frames)) return drop();
    if (queue_.size() == 1) do_write();
}

void WsSession::do_write() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()), beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, std::size_t) {
    if (ec || dropped_) return drop();  // the in-flight frame stays queued until we are gone
    queue_.pop();
    if (!queue_.empty() && !dropped_) do_write();
}

void WsSession::drop() {
    if (dropped_) return;
    dropped_ = true;
    if (subscription_) hub_.unsubscribe(subscription_);
    subscription_ = 0;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace tribune::http
