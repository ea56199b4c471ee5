#include "live/replay_budget.hpp"

#include <algorithm>

namespace tribune::live {

void ReplayBudget::add(std::uint64_t id, Clock::time_point at, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    entries_.push_back(Entry{id, at, bytes});
    bytes_ += bytes;
}

// An event removed early (removes_earlier) stays counted until it would have aged out.
std::uint64_t ReplayBudget::trim(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    std::uint64_t cut = 0;
    while (!entries_.empty() && (now - entries_.front().at > window_ || bytes_ > max_bytes_)) {
        if (bytes_ > max_bytes_) cut = std::max(cut, entries_.front().id);
        bytes_ -= entries_.front().bytes;
        entries_.pop_front();
    }
    return cut;
}

std::size_t ReplayBudget::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace tribune::live
