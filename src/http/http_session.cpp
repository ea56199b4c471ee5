#include "http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>

#include <cctype>
#include <ctime>

#include "http/log_text.hpp"
#include "http/problem.hpp"
#include "http/route_policy.hpp"

namespace tribune::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Method to_method(bhttp::verb v) {
    switch (v) {
        case bhttp::verb::get: return Method::kGet;
        case bhttp::verb::head: return Method::kHead;
        case bhttp::verb::post: return Method::kPost;
        case bhttp::verb::put: return Method::kPut;
        case bhttp::verb::patch: return Method::kPatch;
        case bhttp::verb::delete_: return Method::kDelete;
        case bhttp::verb::options: return Method::kOptions;
        default: return Method::kOther;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The Date header changes once a second; format it once a second per thread.
const std::string& http_date() {
    thread_local std::time_t cached_at = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cached_at) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buf[64];
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached = buf;
        cached_at = now;
    }
    return cached;
}

std::string next_request_id() {
    static std::atomic<std::uint64_t> counter{0};
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(++counter));
    return buf;
}

// Requests whose length or target a proxy in front could read differently (RFC 9112 6.1, 6.3,
// 3.2): a Transfer-Encoding that does not end in chunked, or one beside a Content-Length, and an
// HTTP/1.1 request without exactly one Host.
std::optional<std::string> framing_problem(const bhttp::request<bhttp::string_body>& msg) {
    const bool te = msg.find(bhttp::field::transfer_encoding) != msg.end();
    if (te && !msg.chunked()) return "a Transfer-Encoding must end in chunked";
    if (te && msg.find(bhttp::field::content_length) != msg.end())
        return "Transfer-Encoding and Content-Length together";
    const auto hosts = msg.count(bhttp::field::host);
    if (hosts > 1) return "more than one Host header";
    if (hosts == 0 && msg.version() >= 11) return "an HTTP/1.1 request needs a Host header";
    return std::nullopt;
}

// A header a response may not carry: a CR, LF or NUL would start another header (or body).
bool unsafe_header(std::string_view name, std::string_view value) {
    for (const char c : name)
        if (c == '\r' || c == '\n' || c == '\0' || c == ':' || c == ' ') return true;
    for (const char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return true;
    return name.empty();
}

// Every problem answer names the request id its log line has.
void add_request_id(Response& res, const std::string& id) {
    const std::string* type = res.header("Content-Type");
    if (!type || *type != kProblemType || res.body.empty() || res.body.back() != '}') return;
    if (res.body.find("\"request_id\"") != std::string::npos) return;
    res.body.pop_back();
    res.body += ",\"request_id\":\"" + id + "\"}";
}

bool is_normal_close(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
           ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof ||
           ec == net::error::bad_descriptor || ec == bhttp::error::partial_message;
}

}  // namespace

void SessionRegistry::add(const std::shared_ptr<HttpSession>& s) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(s.get(), s);
}

void SessionRegistry::remove(HttpSession* s) {
    std::lock_guard lock(mutex_);
    sessions_.erase(s);
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void SessionRegistry::close_all_idle() {
    std::vector<std::shared_ptr<HttpSession>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto& [_, weak] : sessions_)
            if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->close_when_idle();
}

HttpSession::HttpSession(tcp::socket socket, Dispatcher& dispatcher, const ServerOptions& options,
                         SessionRegistry& registry, std::atomic<bool>& stopping, LiveEndpoint* live)
    : stream_(std::move(socket)), dispatcher_(dispatcher), live_(live), options_(options), registry_(registry),
      stopping_(stopping) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
}

HttpSession::~HttpSession() {
    release_large_body();
    registry_.remove(this);
}

namespace {
// Large bodies (media uploads) being read or answered now, in this process.
std::atomic<std::size_t> large_bodies{0};
}  // namespace

bool HttpSession::take_large_body() {
    if (holds_large_body_) return true;
    std::size_t now = large_bodies.load();
    do {
        if (now >= options_.max_large_bodies) return false;
    } while (!large_bodies.compare_exchange_weak(now, now + 1));
    holds_large_body_ = true;
    return true;
}

void HttpSession::release_large_body() noexcept {
    if (!holds_large_body_) return;
    holds_large_body_ = false;
    large_bodies.fetch_sub(1);
}

void HttpSession::run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

// A request the client sent before the stop began is answered (with Connection: close), not cut
// off. The pending read is cancelled rather than the socket closed: the system may already have
// handed it bytes its handler has not seen yet, and the handler (handle_read) tells.
void HttpSession::close_when_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        if (self->busy_ || self->has_unread()) return;
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored);
    });
}

bool HttpSession::has_unread() {
    if (buffer_.size() > 0 || (parser_ && parser_->got_some() && !parser_->is_done())) return true;
    beast::error_code ec;
    return stream_.socket().is_open() && stream_.socket().available(ec) > 0 && !ec;
}

void HttpSession::hold(AddressSlots::Slot slot) { address_slot_.emplace(std::move(slot)); }

void HttpSession::do_read() {
    if (stopping_ && !has_unread()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // The headers first: the route they name sets the body's limit (handle_header).
    parser_->body_limit(boost::none);
    body_limit_ = options_.max_body_bytes;
    stream_.expires_after(options_.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(beast::error_code ec, std::size_t) {
    try {
        handle_header(ec);
    } catch (const std::exception& e) {
        answer_internal_error("read", e.what());
    }
}

// Every body is bounded by max_body_bytes except on a route whose policy names the large-body
// limit (media uploads): those take up to large_body_bytes, a few at a time, with more time. A
// POST route may also name a smaller limit (the mail links).
void HttpSession::handle_header(beast::error_code ec) {
    if (ec) return handle_read(ec);
    const auto& msg = parser_->get();
    // Only a POST may reach a large-body route; reads (the hot path) skip the lookup.
    std::string path;
    QueryParams query;
    if (msg.method() == bhttp::verb::post && parse_target(msg.target(), path, query)) {
        const std::size_t route_limit = dispatcher_.body_limit(Method::kPost, path);
        if (route_limit == kLargeBodyLimit) body_limit_ = std::max(options_.large_body_bytes, options_.max_body_bytes);
        else if (route_limit > 0) body_limit_ = std::min(route_limit, options_.max_body_bytes);
    }
    const auto length = parser_->content_length();
    if (length && *length > body_limit_) return handle_read(bhttp::error::body_limit);
    if (body_limit_ > options_.max_body_bytes && !parser_->is_done()) return check_large_body(std::move(path), std::move(query));
    read_body();
}

void HttpSession::check_large_body(std::string path, QueryParams query) {
    const auto& msg = parser_->get();
    Request req;
    req.method = Method::kPost;
    req.target = std::string(msg.target());
    req.path = std::move(path);
    req.query = std::move(query);
    for (const auto& field : msg) req.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    req.remote_address = remote_;
    request_id_ = next_request_id();
    req.request_id = request_id_;
    target_ = req.path;
    dispatcher_.check_headers(std::move(req), [self = shared_from_this()](HeaderVerdict verdict) {
        net::dispatch(self->stream_.get_executor(), [self, verdict = std::move(verdict)]() mutable {
            try {
                self->after_header_check(std::move(verdict));
            } catch (const std::exception& e) {
                self->answer_internal_error("read", e.what());
            }
        });
    });
}

void HttpSession::after_header_check(HeaderVerdict verdict) {
    if (auto& refusal = verdict.refusal) {
        // Answered without reading the body, so the connection cannot carry another request.
        method_ = std::string(parser_->get().method_string());
        head_ = false;
        keep_alive_ = false;
        busy_ = true;
        started_ = std::chrono::steady_clock::now();
        return write(std::move(*refusal));
    }
    admitted_ = std::move(verdict.admitted);  // this request's only: handle_read takes it
    read_body();
}

void HttpSession::read_body() {
    const auto& msg = parser_->get();
    if (body_limit_ > options_.max_body_bytes && !parser_->is_done()) {
        if (!take_large_body())
            return answer_error(503, "Too many uploads", "the server is reading other uploads; try again shortly");
        stream_.expires_after(options_.large_body_timeout);
    }
    parser_->body_limit(body_limit_);
    if (parser_->is_done()) return handle_read({});
    // A client that waits for "100 Continue" before a large body (curl does) gets it now that
    // the body is accepted, rather than after its own timeout.
    if (body_limit_ > options_.max_body_bytes && beast::iequals(msg[bhttp::field::expect], "100-continue")) {
        continue_.emplace(bhttp::status::continue_, 11);
        return bhttp::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->continue_.reset();
            if (ec) return self->close();
            bhttp::async_read(self->stream_, self->buffer_, *self->parser_,
                              beast::bind_front_handler(&HttpSession::on_read, self));
        });
    }
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    try {
        handle_read(ec);
    } catch (const std::exception& e) {
        answer_internal_error("read", e.what());
    }
}

void HttpSession::handle_read(beast::error_code ec) {
    // The caller the header check admitted belongs to this request alone, whatever comes next.
    std::shared_ptr<const Identity> admitted = std::exchange(admitted_, nullptr);
    if (ec == bhttp::error::body_limit)
        return answer_error(413, "Request body too large",
                            "the body exceeds " + std::to_string(body_limit_) + " bytes");
    if (ec == bhttp::error::header_limit)
        return answer_error(431, "Request headers too large", "the request headers are too large");
    if (ec == net::error::operation_aborted && stopping_ && has_unread()) {
        // Cancelled by the stop halfway through a request: read the rest of it (the headers
        // first when they are not complete, so the body's limit is still the route's).
        if (!parser_->is_header_done())
            return bhttp::async_read_header(stream_, buffer_, *parser_,
                                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
        return bhttp::async_read(stream_, buffer_, *parser_,
                                 beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }
    if (ec && is_normal_close(ec)) return close();
    if (ec) return answer_error(400, "Malformed HTTP request", ec.message());

    auto& msg = parser_->get();
    if (auto why = framing_problem(msg))
        return answer_error(400, "Malformed HTTP request", *why);  // closes: what follows is not trusted
    Request req;
    req.method = to_method(msg.method());
    req.target = std::string(msg.target());
    head_ = req.method == Method::kHead;
    method_ = std::string(msg.method_string());
    keep_alive_ = msg.keep_alive() && (!stopping_ || has_unread());
    started_ = std::chrono::steady_clock::now();
    request_id_ = next_request_id();
    if (!parse_target(req.target, req.path, req.query)) {
        target_ = "-";
        return answer_error(400, "Malformed request target", "the request target is not a valid path");
    }
    target_ = req.path;
    req.headers.reserve(16);
    for (const auto& field : msg) req.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    req.body = std::move(msg.body());
    req.remote_address = remote_;
    req.request_id = request_id_;
    req.admitted = std::move(admitted);
    busy_ = true;
    if (live_ && req.method == Method::kGet && req.path == kLivePath) {
        handed_off_ = true;  // accept() may move the stream into a live session
        LiveHandoff connection{stream_, msg};
        auto refusal = live_->accept(connection, req);
        if (!refusal) {
            spdlog::info("live id={} path=\"{}\"", request_id_, log_text(target_));
            return;  // the live session owns the connection now; this one ends here
        }
        handed_off_ = false;  // refused before any hand-off: still ours
        return write(std::move(*refusal));
    }
    stream_.expires_never();  // the handler's time is not the client's; the write gets its own limit
    dispatcher_.dispatch(std::move(req), [self = shared_from_this()](Response r) {
        net::dispatch(self->stream_.get_executor(),
                      [self, r = std::move(r)]() mutable { self->write(std::move(r)); });
    });
}

void HttpSession::answer_error(int status, std::string_view title, std::string_view detail) {
    keep_alive_ = false;
    busy_ = true;
    if (request_id_.empty()) request_id_ = next_request_id();
    started_ = std::chrono::steady_clock::now();
    const auto code = status == 413   ? domain::ErrorCode::kTooLarge
                      : status == 503 ? domain::ErrorCode::kUnavailable
                                      : domain::ErrorCode::kMalformed;
    Response r = problem(domain::make_error(code, std::string(title), std::string(detail)), status);
    write(std::move(r));
}

void HttpSession::write(Response res) {
    try {
        start_write(std::move(res));
    } catch (const std::exception& e) {
        answer_internal_error("write", e.what());
    }
}

// The last resort when reading a request or building its answer threw: a fixed 500 that cannot
// throw again, then the connection closes. If even that fails, the connection just closes; the
// exception never reaches the I/O thread.
void HttpSession::answer_internal_error(std::string_view stage, std::string_view what) noexcept {
    try {
        spdlog::error("response_failed id={} stage={} error=\"{}\"", request_id_, stage, what);
        if (handed_off_) return;  // the stream belongs to a live session (or is gone with it)
        if (failed_) return close();
        failed_ = true;
        keep_alive_ = false;
        busy_ = true;
        response_.emplace();
        auto& out = *response_;
        out.result(bhttp::status::internal_server_error);
        out.version(11);
        out.set(bhttp::field::server, "tribune");
        out.set(bhttp::field::content_type, "application/problem+json");
        if (!request_id_.empty()) out.set("X-Request-Id", request_id_);
        out.keep_alive(false);
        out.body() =
            R"({"type":"about:blank","title":"Internal server error","status":500,"detail":"the server failed to answer this request"})";
        out.prepare_payload();
        stream_.expires_after(options_.read_timeout);
        bhttp::async_write(stream_, out,
                           beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), false));
    } catch (...) {
        close();
    }
}

void HttpSession::start_write(Response res) {
    // Stopping: the connection ends after this answer, unless the client already sent another
    // request (pipelined), which is answered first.
    if (stopping_ && !has_unread()) keep_alive_ = false;
    const bool bodiless = res.status == 204 || res.status == 304;
    // A file body (media), opened by the handler, is read as the socket takes it.
    FileSliceBody::value_type slice;
    const bool from_file = res.file && !bodiless;
    if (from_file && !head_) {
        if (!res.file->file) throw std::runtime_error("a media answer without its file");
        slice.fd = ::fcntl(res.file->file->fd(), F_DUPFD_CLOEXEC, 0);
        if (slice.fd < 0) throw std::runtime_error("a media file cannot be opened");
        slice.offset = res.file->offset;
        slice.length = res.file->length;
    }
    add_request_id(res, request_id_);
    auto fill = [&](auto& out) {
        out.result(static_cast<unsigned>(res.status));
        out.version(11);
        out.set(bhttp::field::server, "tribune");
        out.set(bhttp::field::date, http_date());
        for (auto& [name, value] : res.headers) {
            if (unsafe_header(name, value)) throw std::invalid_argument("a response header holds CR, LF or NUL");
            out.insert(name, value);
        }
        out.set("X-Request-Id", request_id_);
        out.keep_alive(keep_alive_);
    };
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
    spdlog::info("request id={} method={} path=\"{}\" status={} duration_us={}", request_id_, log_text(method_, 32),
                 log_text(target_), res.status, us.count());
    stream_.expires_after(options_.read_timeout);
    if (from_file && !head_) {
        file_response_.emplace();
        auto& out = *file_response_;
        fill(out);
        out.body() = std::move(slice);
        out.prepare_payload();
        file_serializer_.emplace(out);
        return write_file_piece();
    }
    response_.emplace();
    auto& out = *response_;
    fill(out);
    if (head_ || bodiless) {
        // A HEAD answer states the length of what a GET would send (a file's without reading it).
        if (!bodiless && from_file) out.content_length(res.file->length);
        else if (!bodiless && !res.header("Content-Length")) out.content_length(res.body.size());
    } else {
        out.body() = std::move(res.body);
        out.prepare_payload();
    }
    bhttp::async_write(stream_, out,
                       beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive_));
}

// Each piece of a file gets the write limit afresh: a large file to a slow reader takes as long
// as it takes while it keeps moving; a reader that stops for read_timeout is dropped.
void HttpSession::write_file_piece() {
    stream_.expires_after(options_.read_timeout);
    bhttp::async_write_some(stream_, *file_serializer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (!ec && !self->file_serializer_->is_done()) return self->write_file_piece();
        self->file_serializer_.reset();
        self->on_write(self->keep_alive_, ec, 0);
    });
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    busy_ = false;
    release_large_body();
    response_.reset();
    file_serializer_.reset();
    file_response_.reset();
    request_id_.clear();
    if (ec || !keep_alive || (stopping_ && !has_unread())) return close();
    do_read();
}

void HttpSession::close() noexcept {
    if (handed_off_) return;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
}

}  // namespace tribune::http
