#include "http/thread_cache.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

namespace {
CachedBody body(std::string s) { return CachedBody{std::make_shared<const std::string>(std::move(s)), "\"e\""}; }
}  // namespace

TEST(ThreadCache, ServesWhatWasPutUntilThePageChanges) {
    ThreadCache cache;
    const auto v = cache.version("/p");
    cache.put("/p", "k", v, body("first page"));
    ASSERT_TRUE(cache.get("/p", "k"));
    EXPECT_EQ(*cache.get("/p", "k")->body, "first page");
    cache.invalidate("/p");
    EXPECT_FALSE(cache.get("/p", "k"));
}

TEST(ThreadCache, IgnoresABodyBuiltBeforeAWrite) {
    ThreadCache cache;
    const auto v = cache.version("/p");
    cache.invalidate("/p");  // a write lands while the reader was building
    cache.put("/p", "k", v, body("stale"));
    EXPECT_FALSE(cache.get("/p", "k"));
}

TEST(ThreadCache, ExpiresOldEntriesAndBoundsPages) {
    ThreadCache short_lived(std::chrono::seconds(0), 2);
    const auto v = short_lived.version("/p");
    short_lived.put("/p", "k", v, body("x"));
    // max_age 0: anything stored before now is too old once the clock moves on.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
    }
    EXPECT_FALSE(short_lived.get("/p", "k"));
    ThreadCache small(std::chrono::seconds(60), 2);
    small.put("/a", "k", small.version("/a"), body("a"));
    small.version("/b");
    small.version("/c");  // third page: starts over
    EXPECT_FALSE(small.get("/a", "k"));
}
