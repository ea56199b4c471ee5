#include "outbound/host_resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace tribune::outbound {
namespace {

// What the lookup thread hands back; shared, since the waiter may give up first.
struct LookupState {
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    Resolution result;
};

Resolution lookup_now(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    Resolution out;
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (rc != 0) {
        out.error = "the host name " + host + " does not resolve";
        return out;
    }
    for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
        const auto kind = classify_socket_address(ai->ai_addr);
        if (!kind) continue;
        char text[NI_MAXHOST] = {};
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0) continue;
        std::string address(text);
        // A scoped address ("fe80::1%eth0") keeps its zone out of the text; its class is link-local anyway.
        address = address.substr(0, address.find('%'));
        const bool seen = std::any_of(out.addresses.begin(), out.addresses.end(),
                                      [&](const ResolvedAddress& a) { return a.text == address; });
        if (!seen) out.addresses.push_back({address, *kind});
    }
    freeaddrinfo(list);
    if (out.addresses.empty()) out.error = "the host name " + host + " has no IPv4 or IPv6 address";
    return out;
}

}  // namespace

Resolution resolve_host(const std::string& host, std::chrono::milliseconds timeout) {
    auto state = std::make_shared<LookupState>();
    std::thread([state, host] {
        Resolution result = lookup_now(host);
        std::lock_guard lock(state->mutex);
        state->result = std::move(result);
        state->done = true;
        state->done_signal.notify_all();
    }).detach();
    std::unique_lock lock(state->mutex);
    if (!state->done_signal.wait_for(lock, timeout, [&] { return state->done; })) {
        Resolution late;
        late.error = "looking up " + host + " took too long";
        return late;
    }
    return state->result;
}

}  // namespace tribune::outbound
