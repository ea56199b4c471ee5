#pragma once
// The HTTP/1.1 server: Beast on Asio, one io_context on a thread per core.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/address_allowlist.hpp"
#include "http/dispatcher.hpp"

namespace tribune::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;
    unsigned io_threads = 0;  // 0: one per core
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 128 * 1024;
    /// The routes whose policy asks for kLargeBodyLimit (media uploads) take bodies up to this,
    /// at most max_large_bodies at once per node (more: 503), with large_body_timeout to arrive.
    std::size_t large_body_bytes = 100 << 20;
    std::size_t max_large_bodies = 4;
    std::chrono::seconds large_body_timeout{600};
    std::chrono::seconds read_timeout{30};    // idle keep-alive or slow request: closed after this
    std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long on SIGTERM
    std::size_t max_connections = 0;              // HTTP connections and live streams (0: no cap)
    std::size_t max_connections_per_address = 0;  // HTTP connections per peer network (0: no cap)
    AddressAllowlist uncapped_peers;  // ... except from these (the trusted reverse proxies)
};

class LiveEndpoint;

class Server {
public:
    /// Binds and listens at once; throws std::runtime_error when the address can't be bound.
    /// `live`, when given, takes over GET /api/v1/live connections.
    Server(ServerOptions options, Dispatcher& dispatcher, LiveEndpoint* live = nullptr);

    /// Binds and listens at once, serving nothing yet: the caller learns local_address() first
    /// (configuration that names the bound address is then built whole), and calls serve_with()
    /// before run(). Connections wait in the listen backlog meanwhile.
    explicit Server(ServerOptions options);
    void serve_with(Dispatcher& dispatcher, LiveEndpoint* live = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// "127.0.0.1:43123": where it listens (the real port when asked for port 0).
    std::string local_address() const;

    /// Serves until SIGINT/SIGTERM or stop(), then finishes in-flight requests (bounded by
    /// shutdown_grace) and returns.
    void run();

    /// Starts a graceful stop; safe from any thread.
    void stop();

private:
    void run_io_thread() noexcept;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tribune::http
