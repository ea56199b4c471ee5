#pragma once
// At most N of some costly work at once; the rest are turned away at once instead of queueing
// (an Argon2 check takes 64 MiB and most of a core: a burst of logins must not take every worker
// thread from page and API reads).

#include <atomic>
#include <cstdint>

namespace tribune::service {

class ConcurrencyLimit {
public:
    explicit ConcurrencyLimit(int max) : max_(max) {}

    /// Holds one of the places while alive; `entered()` is false when all were taken.
    class Pass {
    public:
        explicit Pass(ConcurrencyLimit& limit) : limit_(&limit) {
            if (limit.in_use_.fetch_add(1) >= limit.max_) {
                limit.in_use_.fetch_sub(1);
                limit.refused_.fetch_add(1, std::memory_order_relaxed);
                limit_ = nullptr;
            }
        }
        ~Pass() {
            if (limit_) limit_->in_use_.fetch_sub(1);
        }
        Pass(const Pass&) = delete;
        Pass& operator=(const Pass&) = delete;
        bool entered() const { return limit_ != nullptr; }

    private:
        ConcurrencyLimit* limit_;
    };

    int in_use() const { return in_use_.load(); }
    int max() const { return max_; }
    /// Passes turned away since the start (for metrics).
    std::uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }

private:
    const int max_;
    std::atomic<int> in_use_{0};
    std::atomic<std::uint64_t> refused_{0};
};

}  // namespace tribune::service
