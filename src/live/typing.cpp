#include "live/typing.hpp"

namespace tribune::live {

Typing::Signal Typing::signal(SubscriptionId id, Clock::time_point now) {
    auto [last, first] = last_signal_.try_emplace(id, now);
    if (!first) {
        if (now - last->second < options_.throttle) return Signal::kDropped;
        last->second = now;
    }
    const bool started = typists_.insert_or_assign(id, now).second;
    return started ? Signal::kStarted : Signal::kRenewed;
}

bool Typing::expire(Clock::time_point now) {
    const auto before = typists_.size();
    std::erase_if(typists_, [&](const auto& t) { return now - t.second >= options_.expiry; });
    return typists_.size() != before;
}

bool Typing::leave(SubscriptionId id) {
    last_signal_.erase(id);
    return typists_.erase(id) > 0;
}

}  // namespace tribune::live
