#include "http/client_network.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace tribune::http {

std::optional<std::string> client_network(std::string_view address) {
    if (address.empty() || address.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char text[INET6_ADDRSTRLEN];
    std::memcpy(text, address.data(), address.size());
    text[address.size()] = '\0';
    in_addr v4{};
    if (inet_pton(AF_INET, text, &v4) == 1) {
        char out[INET_ADDRSTRLEN];
        return std::string(inet_ntop(AF_INET, &v4, out, sizeof out));
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text, &v6) != 1) return std::nullopt;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
        std::memcpy(&v4, &v6.s6_addr[12], 4);
        char out[INET_ADDRSTRLEN];
        return std::string(inet_ntop(AF_INET, &v4, out, sizeof out));
    }
    std::memset(&v6.s6_addr[8], 0, 8);
    char out[INET6_ADDRSTRLEN];
    return std::string(inet_ntop(AF_INET6, &v6, out, sizeof out)) + "/64";
}

std::string network_hash(const service::Safeguards& guards, std::string_view address) {
    auto network = client_network(address);
    return network ? guards.hash_ip(*network) : std::string();
}

}  // namespace tribune::http
