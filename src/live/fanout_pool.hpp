#pragma once
// Spreads one big delivery loop (a comment to every reader of a busy page) over several threads
// and waits for all of it: the loop's order constraints stay with the caller, who holds its
// lock throughout.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tribune::live {

class FanoutPool {
public:
    /// `helpers` threads besides each caller (0: every run() is a plain loop on the caller).
    explicit FanoutPool(unsigned helpers);
    ~FanoutPool();
    FanoutPool(const FanoutPool&) = delete;
    FanoutPool& operator=(const FanoutPool&) = delete;

    /// Calls work(begin, end) for consecutive non-empty slices of [0, n) of `slice` items, on the calling
    /// thread and on the helpers at once; returns when every slice is done. Thread-safe: while
    /// the helpers serve one call, another caller runs its loop alone. `work` must be safe to
    /// call from several threads for different slices. If a slice throws, the rest of the job
    /// may be skipped and run() rethrows once every thread has left it.
    void run(std::size_t n, std::size_t slice, const std::function<void(std::size_t, std::size_t)>& work);

private:
    struct Job;
    void serve();
    static void drain(Job& job);

    std::mutex run_mutex_;  // one call uses the helpers at a time
    std::mutex mutex_;      // guards job_, generation_, stopping_ and each job's helper count
    std::condition_variable wake_;
    std::condition_variable idle_;
    Job* job_ = nullptr;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> helpers_;
};

}  // namespace tribune::live
