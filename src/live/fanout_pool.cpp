#include "live/fanout_pool.hpp"

#include <algorithm>
#include <atomic>
#include <exception>

namespace tribune::live {

struct FanoutPool::Job {
    Job(std::size_t n, std::size_t slice, const std::function<void(std::size_t, std::size_t)>& work)
        : n(n), slice(slice), work(&work) {}
    std::size_t n;
    std::size_t slice;
    const std::function<void(std::size_t, std::size_t)>* work;
    std::atomic<std::size_t> next{0};
    int helping = 0;               // guarded by mutex_
    std::exception_ptr failure;    // a helper's slice threw (guarded by mutex_): rethrown by run()
};

FanoutPool::FanoutPool(unsigned helpers) {
    for (unsigned i = 0; i < helpers; ++i) helpers_.emplace_back([this] { serve(); });
}

FanoutPool::~FanoutPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : helpers_) t.join();
}

void FanoutPool::drain(Job& job) {
    for (;;) {
        const std::size_t begin = job.next.fetch_add(job.slice);
        if (begin >= job.n) return;
        (*job.work)(begin, std::min(begin + job.slice, job.n));
    }
}

void FanoutPool::run(std::size_t n, std::size_t slice, const std::function<void(std::size_t, std::size_t)>& work) {
    if (n == 0) return;
    slice = std::max<std::size_t>(slice, 1);
    std::unique_lock gate(run_mutex_, std::try_to_lock);
    if (!gate || helpers_.empty() || n <= slice) {
        work(0, n);
        return;
    }
    Job job(n, slice, work);
    {
        std::lock_guard lock(mutex_);
        job_ = &job;
        ++generation_;
    }
    wake_.notify_all();
    // Helpers that joined may still be inside a slice, even when this thread's slice threw: the
    // job lives on this stack, so wait for them either way. Late ones no longer find it.
    struct Retire {
        FanoutPool& pool;
        Job& job;
        ~Retire() {
            std::unique_lock lock(pool.mutex_);
            pool.job_ = nullptr;
            pool.idle_.wait(lock, [&] { return job.helping == 0; });
        }
    };
    {
        Retire retire{*this, job};
        drain(job);
    }
    if (job.failure) std::rethrow_exception(job.failure);
}

void FanoutPool::serve() {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || (job_ && generation_ != seen); });
        if (stopping_) return;
        seen = generation_;
        Job& job = *job_;
        ++job.helping;
        lock.unlock();
        std::exception_ptr failure;
        try {
            drain(job);
        } catch (...) {
            failure = std::current_exception();
            job.next = job.n;  // the others stop taking slices
        }
        lock.lock();
        if (failure && !job.failure) job.failure = failure;
        if (--job.helping == 0) idle_.notify_all();
    }
}

}  // namespace tribune::live
