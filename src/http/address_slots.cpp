#include "http/address_slots.hpp"

namespace tribune::http {

std::optional<AddressSlots::Slot> AddressSlots::take(const std::string& network, std::size_t limit) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = held_.try_emplace(network, 0);
    if (it->second >= limit) return std::nullopt;
    ++it->second;
    return Slot(*this, network);
}

std::size_t AddressSlots::held(const std::string& network) const {
    std::lock_guard lock(mutex_);
    auto it = held_.find(network);
    return it == held_.end() ? 0 : it->second;
}

void AddressSlots::release(const std::string& network) {
    std::lock_guard lock(mutex_);
    auto it = held_.find(network);
    if (it == held_.end()) return;
    if (--it->second == 0) held_.erase(it);
}

}  // namespace tribune::http
