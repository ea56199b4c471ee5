// Cached thread bodies: compressed once when made, their forms counted in the cache's budget,
// and a hit answered in the form the request accepts.
#include "http/cached_answer.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "http/compression.hpp"

#include "decompress.hpp"

using namespace tribune::http;
using tribune::http::testing::unbrotli;

namespace {

std::string thread_json(std::size_t n) {
    std::string s = "{\"comments\":[";
    for (int i = 0; s.size() < n; ++i)
        s += "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"A reader's comment about the harbour, number " +
             std::to_string(i) + ".\"},";
    s += "{}]}";
    return s;
}

}  // namespace

TEST(CachedAnswer, MakesTheFormsOnceWhenAsked) {
    const std::string json = thread_json(12000);
    const CachedBody plain = make_cached_body(json, kJsonType, false);
    EXPECT_FALSE(plain.variants) << "compression off";
    EXPECT_EQ(*plain.body, json);
    EXPECT_EQ(plain.etag, etag_of(json));

    const CachedBody packed = make_cached_body(json, kJsonType, true);
    ASSERT_TRUE(packed.variants);
    ASSERT_TRUE(packed.variants->br);
    ASSERT_TRUE(packed.variants->gzip);
    EXPECT_EQ(packed.etag, plain.etag) << "the identity ETag does not change";
    EXPECT_EQ(unbrotli(packed.variants->br->body), json);
}

TEST(CachedAnswer, AHitIsAnsweredInTheAcceptedForm) {
    const std::string json = thread_json(12000);
    const CachedBody c = make_cached_body(json, kJsonType, true);
    Request req;
    req.headers.emplace_back("accept-encoding", "gzip, deflate, br");
    const Response r = cached_answer(req, c, kJsonType);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(*r.header("Content-Type"), kJsonType);
    EXPECT_EQ(*r.header("Content-Encoding"), "br");
    EXPECT_EQ(*r.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(*r.header("Cache-Control"), "no-cache");
    EXPECT_EQ(*r.header("ETag"), c.variants->br->etag);
    EXPECT_EQ(r.body, c.variants->br->body) << "the stored form, not a new compression";

    const Response identity = cached_answer(Request{}, c, kJsonType);
    EXPECT_FALSE(identity.header("Content-Encoding"));
    EXPECT_EQ(*identity.header("ETag"), c.etag);
    EXPECT_EQ(identity.body, json);
}

TEST(CachedAnswer, TheCacheCountsTheCompressedForms) {
    const std::string json = thread_json(12000);
    const CachedBody plain = make_cached_body(json, kJsonType, false);
    const CachedBody packed = make_cached_body(json, kJsonType, true);
    ThreadCache a, b;
    a.put("/p", "k", a.version("/p"), plain);
    b.put("/p", "k", b.version("/p"), packed);
    EXPECT_EQ(b.bytes(), a.bytes() + packed.variants->bytes());

    // A budget that holds the plain body but not it with its forms keeps neither form.
    ThreadCacheLimits limits;
    limits.max_bytes = a.bytes() + 10;
    ThreadCache small(limits);
    small.put("/p", "k", small.version("/p"), packed);
    EXPECT_EQ(small.entries(), 0u);
    EXPECT_LE(small.bytes(), limits.max_bytes);
}

TEST(CachedAnswer, ABurstOfMissesCompressesAndStoresOnce) {
    const std::string json = thread_json(12000);
    ThreadCache cache;
    const auto v = cache.version("/p");
    {
        auto filler = cache.claim("/p", "api", v);  // the first miss, still compressing
        ASSERT_TRUE(filler);
        const CachedBody late = store_cached_body(cache, "/p", "api", v, json, kJsonType, true);
        EXPECT_FALSE(late.variants) << "a concurrent miss answers identity, compressing nothing";
        EXPECT_EQ(*late.body, json);
        EXPECT_FALSE(cache.get("/p", "api")) << "and stores nothing";
    }
    const CachedBody first = store_cached_body(cache, "/p", "api", v, json, kJsonType, true);
    ASSERT_TRUE(first.variants);
    auto hit = cache.get("/p", "api");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->variants, first.variants) << "the stored entry holds the forms made once";
}

TEST(CachedAnswer, NothingIsCompressedForAPageThatChangedWhileItWasBuilt) {
    const std::string json = thread_json(12000);
    ThreadCache cache;
    const auto v = cache.version("/p");
    cache.invalidate("/p");  // a comment was approved meanwhile
    const CachedBody built = store_cached_body(cache, "/p", "api", v, json, kJsonType, true);
    EXPECT_FALSE(built.variants);
    EXPECT_EQ(*built.body, json);
    EXPECT_FALSE(cache.get("/p", "api"));
}
