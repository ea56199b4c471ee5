#pragma once
// One HTTP connection. Internal to the server: only server.cpp and http_session.cpp include it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "http/file_slice_body.hpp"
#include "http/address_slots.hpp"
#include "http/dispatcher.hpp"
#include "http/live_endpoint.hpp"
#include "http/live_handoff.hpp"
#include "http/server.hpp"

namespace tribune::http {

class HttpSession;

/// Live sessions, so a graceful stop can close idle ones. Holds weak_ptrs: a registry never
/// keeps a finished connection alive.
class SessionRegistry {
public:
    void add(const std::shared_ptr<HttpSession>& s);
    void remove(HttpSession* s);
    std::size_t size() const;
    /// Asks every session to close once it is not answering a request.
    void close_all_idle();

private:
    mutable std::mutex mutex_;
    std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> sessions_;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(boost::asio::ip::tcp::socket socket, Dispatcher& dispatcher, const ServerOptions& options,
                SessionRegistry& registry, std::atomic<bool>& stopping, LiveEndpoint* live);
    ~HttpSession();

    void run();
    /// Closes the connection now if idle, else after the current response. Any thread.
    void close_when_idle();
    /// Keeps the client network's connection slot until the connection ends.
    void hold(AddressSlots::Slot slot);

private:
    void do_read();
    /// Bytes of a request are waiting (in the buffer or the socket).
    bool has_unread();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void handle_read(boost::beast::error_code ec);
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void handle_header(boost::beast::error_code ec);
    // A large body is read only after the route admits its caller (on the worker pool).
    void check_large_body(std::string path, QueryParams query);
    void after_header_check(HeaderVerdict verdict);
    void read_body();
    void write_file_piece();
    /// A place among the large bodies read at once (ServerOptions::max_large_bodies): taken
    /// before such a body is read, given back when its answer is written or the session ends.
    bool take_large_body();
    void release_large_body() noexcept;
    void answer_error(int status, std::string_view title, std::string_view detail);
    /// Sends `res`; an exception while building or starting the write answers a fixed 500.
    void write(Response res);
    void start_write(Response res);
    void answer_internal_error(std::string_view stage, std::string_view what) noexcept;
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void close() noexcept;

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::optional<boost::beast::http::response<boost::beast::http::string_body>> response_;
    std::optional<boost::beast::http::response<FileSliceBody>> file_response_;  // media answers
    // Writes file_response_ a piece at a time (declared after it: destroyed first).
    std::optional<boost::beast::http::response_serializer<FileSliceBody>> file_serializer_;
    std::optional<boost::beast::http::response<boost::beast::http::empty_body>> continue_;  // "100 Continue"
    Dispatcher& dispatcher_;
    LiveEndpoint* live_;
    const ServerOptions& options_;
    SessionRegistry& registry_;
    std::atomic<bool>& stopping_;
    std::string remote_;
    bool busy_ = false;
    bool keep_alive_ = true;
    bool head_ = false;
    bool failed_ = false;
    bool handed_off_ = false;  // the live endpoint took (or is taking) the stream: never touch it
    std::optional<AddressSlots::Slot> address_slot_;
    std::string method_;
    std::string target_;
    std::string request_id_;
    std::size_t body_limit_ = 0;   // this request's, from its route (413 names it)
    bool holds_large_body_ = false;
    std::shared_ptr<const Identity> admitted_;  // by the header check, for the request being read
    std::chrono::steady_clock::time_point started_{};
};

}  // namespace tribune::http
