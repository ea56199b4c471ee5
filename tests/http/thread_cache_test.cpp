#include "http/thread_cache.hpp"

#include "http/caches.hpp"

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
    ThreadCache short_lived(ThreadCacheLimits{std::chrono::seconds(0), 2});
    const auto v = short_lived.version("/p");
    short_lived.put("/p", "k", v, body("x"));
    // max_age 0: anything stored before now is too old once the clock moves on.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
    }
    EXPECT_FALSE(short_lived.get("/p", "k"));
    ThreadCache small(ThreadCacheLimits{std::chrono::seconds(60), 2});
    small.put("/a", "k", small.version("/a"), body("a"));
    small.version("/b");
    small.version("/c");  // third page: starts over
    EXPECT_FALSE(small.get("/a", "k"));
}

TEST(ThreadCache, BoundsEntriesPerPageOldestFirst) {
    ThreadCacheLimits limits;
    limits.max_entries_per_page = 3;
    ThreadCache cache(limits);
    const auto v = cache.version("/p");
    for (int i = 0; i < 10; ++i) cache.put("/p", "k" + std::to_string(i), v, body("x"));
    EXPECT_EQ(cache.entries(), 3u);
    EXPECT_FALSE(cache.get("/p", "k0"));
    EXPECT_TRUE(cache.get("/p", "k9"));
}

TEST(ThreadCache, BoundsBytesLeastRecentlyUsedFirst) {
    ThreadCacheLimits limits;
    limits.max_bytes = 3000;
    ThreadCache cache(limits);
    const std::string kb(1000, 'x');
    cache.put("/a", "k", cache.version("/a"), body(kb));
    cache.put("/b", "k", cache.version("/b"), body(kb));
    ASSERT_TRUE(cache.get("/a", "k"));  // /a is now the most recently used
    cache.put("/c", "k", cache.version("/c"), body(kb));
    EXPECT_LE(cache.bytes(), 3000u);
    EXPECT_TRUE(cache.get("/a", "k"));
    EXPECT_FALSE(cache.get("/b", "k")) << "the least recently used went";
    EXPECT_TRUE(cache.get("/c", "k"));
    cache.invalidate("/a");
    cache.invalidate("/c");
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_EQ(cache.entries(), 0u);
    cache.put("/d", "k", cache.version("/d"), body(std::string(5000, 'y')));  // larger than the whole cache
    EXPECT_FALSE(cache.get("/d", "k"));
}

TEST(ThreadCache, OneRequestAtATimeMayFillAnEntry) {
    ThreadCache cache;
    const auto v = cache.version("/p");
    {
        auto first = cache.claim("/p", "k", v);
        ASSERT_TRUE(first);
        EXPECT_FALSE(cache.claim("/p", "k", v)) << "a concurrent miss of the same entry";
        EXPECT_TRUE(cache.claim("/p", "other", v)) << "another entry of the page";
        auto moved = std::move(*first);
        first.reset();  // a moved-from Fill releases nothing
        EXPECT_FALSE(cache.claim("/p", "k", v));
    }
    EXPECT_TRUE(cache.claim("/p", "k", v)) << "released when the filler is done";
}

TEST(ThreadCache, NoClaimForAPageThatChangedAndANewVersionIsNotBlockedByAnOldFill) {
    ThreadCache cache;
    const auto v1 = cache.version("/p");
    auto old_fill = cache.claim("/p", "k", v1);
    ASSERT_TRUE(old_fill);
    cache.invalidate("/p");
    EXPECT_FALSE(cache.claim("/p", "k", v1)) << "what it would build is dropped anyway";
    const auto v2 = cache.version("/p");
    auto new_fill = cache.claim("/p", "k", v2);
    ASSERT_TRUE(new_fill);
    old_fill.reset();  // the old filler finishing does not release the new claim
    EXPECT_FALSE(cache.claim("/p", "k", v2));
    EXPECT_FALSE(cache.claim("/unknown", "k", v2)) << "no version read for this page";
}

TEST(Caches, AChangedPageDropsItsEntriesTheListsAndTheSitemaps) {
    Caches caches;
    auto fill = [&](ThreadCache& c, const std::string& page) { c.put(page, "k", c.version(page), body(page)); };
    fill(caches.pages, "/articles/a");
    fill(caches.pages, "/articles/b");
    fill(caches.lists, "/");
    fill(caches.sitemaps, "/sitemap.xml");
    caches.comment_changed("/articles/a");
    EXPECT_FALSE(caches.pages.get("/articles/a", "k"));
    EXPECT_TRUE(caches.pages.get("/articles/b", "k"));
    EXPECT_FALSE(caches.lists.get("/", "k")) << "a list shows comment counts";
    EXPECT_TRUE(caches.sitemaps.get("/sitemap.xml", "k")) << "comments are in no sitemap";

    fill(caches.lists, "/");
    caches.page_changed("/articles/b");
    EXPECT_FALSE(caches.pages.get("/articles/b", "k"));
    EXPECT_FALSE(caches.lists.get("/", "k"));
    EXPECT_FALSE(caches.sitemaps.get("/sitemap.xml", "k"));

    fill(caches.pages, "/articles/a");
    fill(caches.lists, "/");
    caches.clear_all();
    EXPECT_FALSE(caches.pages.get("/articles/a", "k"));
    EXPECT_FALSE(caches.lists.get("/", "k"));
}

TEST(Caches, ListsAndSitemapsKeepOneEntryAPathInAQuarterOfTheBytes) {
    ThreadCacheLimits limits;
    limits.max_bytes = 4000;
    Caches caches(limits);
    const auto v = caches.lists.version("/");
    caches.lists.put("/", "a", v, body(std::string(100, 'a')));
    caches.lists.put("/", "b", v, body(std::string(100, 'b')));
    EXPECT_FALSE(caches.lists.get("/", "a")) << "one entry a path";
    EXPECT_TRUE(caches.lists.get("/", "b"));
    const auto s = caches.sitemaps.version("/sitemap.xml");
    caches.sitemaps.put("/sitemap.xml", "x", s, body(std::string(1500, 'x')));
    EXPECT_FALSE(caches.sitemaps.get("/sitemap.xml", "x")) << "over a quarter of the page cache's bytes";
    const auto p = caches.pages.version("/p");
    caches.pages.put("/p", "x", p, body(std::string(1500, 'x')));
    EXPECT_TRUE(caches.pages.get("/p", "x"));
}

TEST(Caches, LaterListPagesGoWithTheListsOnEveryChange) {
    Caches caches;
    auto fill = [&](ThreadCache& c, const std::string& page, const std::string& key) {
        c.put(page, key, c.version(page), body(page + key));
    };
    fill(caches.later_lists, "/sections/news", "cursor-a");
    caches.comment_changed("/articles/a");
    EXPECT_FALSE(caches.later_lists.get("/sections/news", "cursor-a")) << "a later page shows comment counts too";
    fill(caches.later_lists, "/sections/news", "cursor-a");
    caches.page_changed("/articles/a");
    EXPECT_FALSE(caches.later_lists.get("/sections/news", "cursor-a")) << "what is listed changed";
    fill(caches.later_lists, "/sections/news", "cursor-a");
    caches.clear_all();
    EXPECT_FALSE(caches.later_lists.get("/sections/news", "cursor-a"));
}

TEST(Caches, ALongListKeepsItsNewestLaterPagesAndTheFirstPagesStay) {
    Caches caches;
    const auto first = caches.lists.version("/sections/news");
    caches.lists.put("/sections/news", "html", first, body("first page"));
    const auto v = caches.later_lists.version("/sections/news");
    const std::size_t walked = Caches::kLaterPagesPerList + 3;  // a crawler walks past the cap
    for (std::size_t i = 0; i < walked; ++i)
        caches.later_lists.put("/sections/news", "page-" + std::to_string(i), v, body("page " + std::to_string(i)));
    EXPECT_EQ(caches.later_lists.entries(), Caches::kLaterPagesPerList);
    EXPECT_FALSE(caches.later_lists.get("/sections/news", "page-0")) << "the oldest goes first";
    EXPECT_TRUE(caches.later_lists.get("/sections/news", "page-" + std::to_string(walked - 1)));
    EXPECT_TRUE(caches.lists.get("/sections/news", "html")) << "later pages never push a first page out";
    const auto other = caches.later_lists.version("/tags/ferries");
    caches.later_lists.put("/tags/ferries", "page-0", other, body("tag page"));
    EXPECT_TRUE(caches.later_lists.get("/tags/ferries", "page-0")) << "the cap is per list";
}
