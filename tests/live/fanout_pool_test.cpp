#include "live/fanout_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using tribune::live::FanoutPool;

namespace {

// Runs one job of n items and returns how many times each item was visited.
std::vector<int> visits(FanoutPool& pool, std::size_t n, std::size_t slice) {
    std::vector<std::atomic<int>> seen(n);
    pool.run(n, slice, [&](std::size_t begin, std::size_t end) {
        ASSERT_LT(begin, end);
        ASSERT_LE(end, n);
        for (std::size_t i = begin; i < end; ++i) seen[i].fetch_add(1);
    });
    std::vector<int> out;
    for (auto& s : seen) out.push_back(s.load());
    return out;
}

}  // namespace

TEST(FanoutPool, VisitsEveryItemExactlyOnce) {
    FanoutPool pool(3);
    for (std::size_t n : {0u, 1u, 255u, 256u, 257u, 10000u}) {
        const auto v = visits(pool, n, 256);
        EXPECT_EQ(v, std::vector<int>(n, 1)) << n;
    }
}

TEST(FanoutPool, HelpersShareABigJob) {
    FanoutPool pool(1);
    std::set<std::thread::id> threads;
    std::mutex m;
    // Each slice waits (with a deadline) until two threads have taken slices, so the helper is
    // given every chance to join however busy the machine is.
    pool.run(8, 1, [&](std::size_t, std::size_t) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        {
            std::lock_guard lock(m);
            threads.insert(std::this_thread::get_id());
        }
        while (std::chrono::steady_clock::now() < deadline) {
            {
                std::lock_guard lock(m);
                if (threads.size() == 2) return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    EXPECT_EQ(threads.size(), 2u);
}

TEST(FanoutPool, WithoutHelpersTheCallerDoesItAll) {
    FanoutPool pool(0);
    std::set<std::thread::id> threads;
    pool.run(1000, 10, [&](std::size_t, std::size_t) { threads.insert(std::this_thread::get_id()); });
    EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(FanoutPool, ConcurrentCallersEachFinishTheirOwnJob) {
    FanoutPool pool(2);
    std::vector<std::thread> callers;
    std::atomic<int> wrong{0};
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&] {
            for (int round = 0; round < 50; ++round)
                if (visits(pool, 3000, 64) != std::vector<int>(3000, 1)) ++wrong;
        });
    for (auto& t : callers) t.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST(FanoutPool, AThrowingSliceIsRethrownAfterEveryThreadLeftTheJob) {
    FanoutPool pool(1);
    std::atomic<int> running{0};
    EXPECT_THROW(pool.run(64, 1,
                          [&](std::size_t begin, std::size_t) {
                              ++running;
                              std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              --running;
                              if (begin == 3) throw std::runtime_error("slice 3");
                          }),
                 std::runtime_error);
    EXPECT_EQ(running.load(), 0);  // nobody is still inside a slice of the job
    // The pool is still usable.
    EXPECT_EQ(visits(pool, 1000, 16), std::vector<int>(1000, 1));
}
