#include "http/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/client_network.hpp"
#include "http/http_session.hpp"

namespace tribune::http {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string canned_problem(int status, std::string_view reason, std::string_view detail) {
    const std::string body = R"({"type":"about:blank","title":"Too many connections","status":)" +
                             std::to_string(status) + R"(,"detail":")" + std::string(detail) + "\"}";
    return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
           "\r\nServer: tribune\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

struct Server::Impl {
    ServerOptions options;
    Dispatcher* dispatcher;  // set before run()
    LiveEndpoint* live;
    // Before ioc: when a stop runs out of grace, sessions still waiting in ioc's handlers are
    // destroyed with it, and they leave the registry and give back their slots on the way out.
    SessionRegistry registry;
    AddressSlots per_address;
    std::atomic<bool> stopping{false};
    net::io_context ioc;
    tcp::acceptor acceptor;
    net::signal_set signals;
    net::steady_timer drain_timer;
    net::steady_timer accept_pause;
    std::chrono::steady_clock::time_point drain_deadline{};

    Impl(ServerOptions o, Dispatcher* d, LiveEndpoint* l)
        : options(std::move(o)), dispatcher(d), live(l), ioc(static_cast<int>(thread_count())),
          acceptor(net::make_strand(ioc)), signals(ioc), drain_timer(ioc),
          accept_pause(acceptor.get_executor()) {}

    unsigned thread_count() const {
        if (options.io_threads > 0) return options.io_threads;
        return std::max(1u, std::thread::hardware_concurrency());
    }

    void listen() {
        boost::system::error_code ec;
        const auto address = net::ip::make_address(options.address, ec);
        if (ec) throw std::runtime_error("invalid listen address: " + options.address);
        const tcp::endpoint endpoint{address, options.port};
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec)
            throw std::runtime_error("cannot listen on " + options.address + ":" + std::to_string(options.port) +
                                     ": " + ec.message());
    }

    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
            if (stopping) return;
            if (ec) {
                // Out of descriptors and the like: back off briefly instead of spinning; the
                // pending connection waits in the backlog until a descriptor frees up.
                spdlog::warn("accept_failed error=\"{}\"", ec.message());
                accept_pause.expires_after(std::chrono::milliseconds(100));
                accept_pause.async_wait([this](boost::system::error_code) {
                    if (!stopping) do_accept();
                });
                return;
            }
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::optional<AddressSlots::Slot> slot;
            if (!admit(socket, slot)) return do_accept();
            auto session = std::make_shared<HttpSession>(std::move(socket), *dispatcher, options, registry, stopping, live);
            if (slot) session->hold(std::move(*slot));
            registry.add(session);
            session->run();
            do_accept();
        });
    }

    // The node's cap keeps descriptors for the store and the log; the per-network cap keeps one
    // client from taking the node's. A refused connection gets a short answer, not a silent close.
    bool admit(tcp::socket& socket, std::optional<AddressSlots::Slot>& slot) {
        const std::size_t open = registry.size() + (live ? live->open() : 0);
        if (options.max_connections && open >= options.max_connections) {
            refuse(socket, busy());
            return false;
        }
        if (!options.max_connections_per_address) return true;
        boost::system::error_code ec;
        const auto peer = socket.remote_endpoint(ec);
        if (ec) return false;
        const std::string address = peer.address().to_string();
        if (options.uncapped_peers.allows(address)) return true;
        const auto network = client_network(address);
        slot = per_address.take(network.value_or(address), options.max_connections_per_address);
        if (slot) return true;
        refuse(socket, too_many());
        return false;
    }

    static const std::string& busy() {
        static const std::string answer =
            canned_problem(503, "Service Unavailable", "the server is at its connection limit; retry shortly");
        return answer;
    }
    static const std::string& too_many() {
        static const std::string answer =
            canned_problem(429, "Too Many Requests", "too many connections from this address; close some first");
        return answer;
    }

    // Best effort and never blocking: a new connection's send buffer is empty. What the client
    // already sent is read first, so that much cannot turn the close into a reset; a request
    // arriving later still may (the answer is usually read before it).
    static void refuse(tcp::socket& socket, const std::string& answer) {
        boost::system::error_code ec;
        socket.non_blocking(true, ec);
        std::array<char, 4096> sink;
        for (int i = 0; i < 4 && !ec; ++i) socket.read_some(net::buffer(sink), ec);
        socket.write_some(net::buffer(answer), ec);
        socket.shutdown(tcp::socket::shutdown_send, ec);
        socket.close(ec);
    }

    void begin_stop() {
        net::post(acceptor.get_executor(), [this] {
            if (stopping.exchange(true)) return;
            spdlog::info("stopping: finishing in-flight requests (at most {}s)", options.shutdown_grace.count());
            boost::system::error_code ignored;
            acceptor.close(ignored);
            accept_pause.cancel();
            signals.cancel(ignored);
            drain_deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
            wait_for_drain();
        });
    }

    void wait_for_drain() {
        registry.close_all_idle();
        if (registry.size() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
            ioc.stop();
            return;
        }
        drain_timer.expires_after(std::chrono::milliseconds(25));
        drain_timer.async_wait([this](boost::system::error_code) { wait_for_drain(); });
    }
};

Server::Server(ServerOptions options, Dispatcher& dispatcher, LiveEndpoint* live)
    : impl_(std::make_unique<Impl>(std::move(options), &dispatcher, live)) {
    impl_->listen();
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options), nullptr, nullptr)) {
    impl_->listen();
}

void Server::serve_with(Dispatcher& dispatcher, LiveEndpoint* live) {
    impl_->dispatcher = &dispatcher;
    impl_->live = live;
    // Taken over from here on, before the listening line is printed: a SIGTERM that arrives
    // between that line and run() waits for run() and stops the server cleanly (the store closes,
    // SQLite's WAL is checkpointed) instead of ending the process where it stands. Before this
    // (a node still opening its store) the signals end the process as usual.
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) impl_->begin_stop();
    });
}

Server::~Server() = default;

std::string Server::local_address() const {
    boost::system::error_code ec;
    const auto ep = impl_->acceptor.local_endpoint(ec);
    if (ec) return {};
    if (ep.address().is_v6()) return "[" + ep.address().to_string() + "]:" + std::to_string(ep.port());
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void Server::run() {
    if (!impl_->dispatcher) throw std::logic_error("Server::run before serve_with");
    impl_->do_accept();
    std::vector<std::thread> threads;
    const unsigned n = impl_->thread_count();
    for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { run_io_thread(); });
    run_io_thread();
    for (auto& t : threads) t.join();
}

void Server::stop() { impl_->begin_stop(); }

// Handlers catch what they can answer; anything that still escapes one ends only the connection
// whose handler threw (its session is released with the handler), never the process: the thread
// logs it and goes back to running the others.
void Server::run_io_thread() noexcept {
    for (;;) {
        try {
            impl_->ioc.run();
            return;
        } catch (const std::exception& e) {
            spdlog::error("io_handler_failed error=\"{}\"", e.what());
        } catch (...) {
            spdlog::error("io_handler_failed error=\"unknown exception\"");
        }
    }
}

}  // namespace tribune::http
