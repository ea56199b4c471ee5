#include "live/presence.hpp"

#include <algorithm>

namespace tribune::live {

std::optional<std::int64_t> Presence::due(Clock::time_point now, std::size_t local) {
    if (!due_ || now < next_at_) return std::nullopt;
    due_ = false;
    next_at_ = now + std::clamp(std::chrono::milliseconds(local / 10), std::chrono::milliseconds(0),
                                std::chrono::milliseconds(2000));
    const auto active = everywhere(local);
    if (active == sent_) return std::nullopt;
    sent_ = active;
    return active;
}

bool Presence::set_remote(const std::string& node, std::int64_t active, bool typing, Clock::time_point now) {
    if (active <= 0 && !typing) {
        if (remotes_.erase(node) == 0) return false;
    } else {
        auto& r = remotes_[node];
        r.active = std::max<std::int64_t>(active, 0);
        r.seen = now;
        r.typing_until = typing ? now + options_.typing_expiry : Clock::time_point{};
    }
    return recount(now);
}

bool Presence::forget(const std::string& node, Clock::time_point now) {
    return remotes_.erase(node) > 0 && recount(now);
}

bool Presence::lapse(Clock::time_point now) {
    if (remotes_.empty()) return false;
    std::erase_if(remotes_, [&](const auto& r) { return now - r.second.seen >= options_.remote_expiry; });
    return recount(now);
}

bool Presence::recount(Clock::time_point now) {
    std::int64_t active = 0;
    std::size_t typing = 0;
    for (const auto& [node, r] : remotes_) {
        active += r.active;
        if (now < r.typing_until) ++typing;
    }
    if (active != remote_active_) due_ = true;
    remote_active_ = active;
    if (typing == remote_typists_) return false;
    remote_typists_ = typing;
    return true;
}

}  // namespace tribune::live
