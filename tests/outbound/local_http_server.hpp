#pragma once
// Test-only: a tiny HTTP server on 127.0.0.1 for the tests of the module's HTTP clients.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace tribune::outbound::test {

// A one-connection-at-a-time HTTP server on 127.0.0.1 that records each request and answers
// what `answer` returns for it (an empty answer: never answer, hold the connection until stopped).
class LocalHttpServer {
public:
    explicit LocalHttpServer(std::function<std::string(const std::string&)> answer) : answer_(std::move(answer)) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener_, 8) != 0)
            throw std::runtime_error("cannot listen on 127.0.0.1");
        socklen_t size = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~LocalHttpServer() {
        stop_ = true;
        thread_.join();
        close(listener_);
    }
    int port() const { return port_; }
    std::string url(const std::string& path = "/hook") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    std::vector<std::string> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    bool wait_readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        while (!stop_)
            if (poll(&p, 1, 20) > 0) return true;
        return false;
    }

    void run() {
        while (wait_readable(listener_)) {
            const int connection = accept(listener_, nullptr, nullptr);
            if (connection < 0) continue;
            std::string request;
            char buffer[4096];
            std::size_t wanted = std::string::npos;
            while (wait_readable(connection)) {
                const auto n = read(connection, buffer, sizeof buffer);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
                const auto end = request.find("\r\n\r\n");
                if (end != std::string::npos && wanted == std::string::npos) {
                    std::size_t length = 0;
                    const auto at = request.find("Content-Length: ");
                    if (at != std::string::npos && at < end) length = std::stoul(request.substr(at + 16));
                    wanted = end + 4 + length;
                }
                if (wanted != std::string::npos && request.size() >= wanted) break;
            }
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(request);
            }
            const auto reply = answer_(request);
            if (reply.empty()) {
                while (!stop_) wait_readable(connection);  // never answer
            } else {
                std::size_t sent = 0;
                while (sent < reply.size()) {
                    const auto n = send(connection, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
                    if (n <= 0) break;
                    sent += static_cast<std::size_t>(n);
                }
            }
            close(connection);
        }
    }

    std::function<std::string(const std::string&)> answer_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

}  // namespace tribune::outbound::test
