#include "http/compression.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include "decompress.hpp"

using namespace tribune::http;
using tribune::http::testing::gunzip;
using tribune::http::testing::unbrotli;

namespace {

Encoding pick(std::string_view header, bool br = true, bool gzip = true) {
    AcceptEncoding a;
    a.add(header);
    return a.choose(br, gzip);
}

// Text that compresses, of about `n` bytes, not one repeated byte.
std::string sample_text(std::size_t n) {
    std::string s;
    for (int i = 0; s.size() < n; ++i)
        s += "<p class=\"comment\">Comment " + std::to_string(i) + " on the ferry timetable, and why it changed.</p>\n";
    return s;
}

Request request_accepting(std::string_view accept_encoding) {
    Request req;
    req.headers.emplace_back("accept-encoding", std::string(accept_encoding));
    return req;
}

}  // namespace

TEST(AcceptEncoding, NoFieldOrAnEmptyOneMeansIdentity) {
    AcceptEncoding none;
    EXPECT_EQ(none.choose(true, true), Encoding::kIdentity);
    EXPECT_EQ(pick(""), Encoding::kIdentity);
    EXPECT_EQ(pick(" , ,, "), Encoding::kIdentity);
}

TEST(AcceptEncoding, PrefersBrotliThenGzipAtEqualWeight) {
    EXPECT_EQ(pick("gzip"), Encoding::kGzip);
    EXPECT_EQ(pick("br"), Encoding::kBrotli);
    EXPECT_EQ(pick("gzip, deflate, br"), Encoding::kBrotli);
    EXPECT_EQ(pick("br, gzip", false, true), Encoding::kGzip) << "only what is offered";
    EXPECT_EQ(pick("br", false, true), Encoding::kIdentity);
    EXPECT_EQ(pick("deflate, zstd"), Encoding::kIdentity);
}

TEST(AcceptEncoding, HonoursQValues) {
    EXPECT_EQ(pick("br;q=0.5, gzip"), Encoding::kGzip);
    EXPECT_EQ(pick("br;q=0.8, gzip;q=0.9"), Encoding::kGzip);
    EXPECT_EQ(pick("br;q=0.9, gzip;q=0.9"), Encoding::kBrotli);
    EXPECT_EQ(pick("br ; q=0.001"), Encoding::kBrotli) << "any weight above 0 beats an identity not named";
    EXPECT_EQ(pick("identity;q=1, gzip;q=0.5"), Encoding::kIdentity) << "a client may prefer identity";
    EXPECT_EQ(pick("gzip;Q=1.000"), Encoding::kGzip) << "the parameter name ignores case";
    EXPECT_EQ(pick("gzip;q=1."), Encoding::kGzip);
}

TEST(AcceptEncoding, QZeroRefuses) {
    EXPECT_EQ(pick("br;q=0, gzip"), Encoding::kGzip);
    EXPECT_EQ(pick("br;q=0.000, gzip;q=0"), Encoding::kIdentity);
    EXPECT_EQ(pick("gzip;q=0, gzip"), Encoding::kIdentity) << "a repeat does not undo a refusal";
    EXPECT_EQ(pick("br;q=0, gzip;q=0, identity;q=0"), Encoding::kIdentity)
        << "everything refused: identity anyway rather than a 406";
}

TEST(AcceptEncoding, StarCoversWhatIsNotNamed) {
    EXPECT_EQ(pick("*"), Encoding::kBrotli);
    EXPECT_EQ(pick("*", false, true), Encoding::kGzip);
    EXPECT_EQ(pick("br;q=0, *"), Encoding::kGzip);
    EXPECT_EQ(pick("*;q=0"), Encoding::kIdentity);
    EXPECT_EQ(pick("*;q=0, gzip"), Encoding::kGzip);
    EXPECT_EQ(pick("identity;q=0.5, *;q=0.2"), Encoding::kIdentity);
}

TEST(AcceptEncoding, IdentityMayBeRefused) {
    EXPECT_EQ(pick("identity;q=0, gzip;q=0.1"), Encoding::kGzip);
    EXPECT_EQ(pick("identity;q=0", false, false), Encoding::kIdentity) << "nothing else to send";
}

TEST(AcceptEncoding, TokensIgnoreCaseAndXGzipIsGzip) {
    EXPECT_EQ(pick("GZIP"), Encoding::kGzip);
    EXPECT_EQ(pick("Br;Q=0.5, x-gzip;q=0.4"), Encoding::kBrotli);
    EXPECT_EQ(pick("X-Gzip"), Encoding::kGzip);
    EXPECT_EQ(pick("\tgzip\t;\tq=1"), Encoding::kGzip);
}

TEST(AcceptEncoding, MalformedWeightsIgnoreTheItem) {
    for (const char* bad : {"gzip;q=2", "gzip;q=1.5", "gzip;q=1.001", "gzip;q=0.0001", "gzip;q=", "gzip;q",
                            "gzip;q=-1", "gzip;q=.5", "gzip;q=0,5", "gzip;q=abc", "gzip;q=0.5x"})
        EXPECT_EQ(pick(bad), Encoding::kIdentity) << bad;
    EXPECT_EQ(pick("gzip;level=9"), Encoding::kGzip) << "an unknown parameter changes nothing";
    EXPECT_EQ(pick("gzip;q=2, br"), Encoding::kBrotli) << "the rest of the list still counts";
    EXPECT_EQ(pick("\x01\xff;;;==,\"br\""), Encoding::kIdentity);
}

TEST(AcceptEncoding, LooksAtABoundedNumberOfItems) {
    std::string hostile;
    for (int i = 0; i < 10000; ++i) hostile += "junk" + std::to_string(i) + ";q=0.5, ";
    hostile += "br";
    AcceptEncoding a;
    a.add(hostile);
    a.add("gzip");  // another field after the budget is spent: not looked at either
    EXPECT_EQ(a.items(), AcceptEncoding::kMaxItems);
    EXPECT_EQ(a.choose(true, true), Encoding::kIdentity);

    std::string commas(100000, ',');
    AcceptEncoding b;
    b.add(commas + "gzip");
    EXPECT_EQ(b.items(), AcceptEncoding::kMaxItems);
    EXPECT_EQ(b.choose(true, true), Encoding::kIdentity);
}

TEST(AcceptEncoding, SeveralFieldsMakeOneList) {
    Request req;
    req.headers.emplace_back("accept-encoding", "br;q=0");
    req.headers.emplace_back("accept-encoding", "gzip");
    EXPECT_EQ(accept_encoding_of(req).choose(true, true), Encoding::kGzip);
}

TEST(Compression, GzipRoundTrips) {
    const std::string text = sample_text(20000);
    for (int level : {1, 6, 9}) {
        const auto gz = gzip_compress(text, level);
        ASSERT_TRUE(gz) << level;
        EXPECT_LT(gz->size(), text.size() / 4) << level;
        EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f) << "a gzip header, not zlib's";
        EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
        EXPECT_EQ(gunzip(*gz), text) << level;
    }
    const auto empty = gzip_compress("", 6);
    ASSERT_TRUE(empty);
    EXPECT_EQ(gunzip(*empty), "");
}

TEST(Compression, BrotliRoundTrips) {
    const std::string text = sample_text(20000);
    for (int quality : {0, 5, 11}) {
        const auto br = brotli_compress(text, quality);
        ASSERT_TRUE(br) << quality;
        EXPECT_LT(br->size(), text.size() / 4) << quality;
        EXPECT_EQ(unbrotli(*br), text) << quality;
    }
    std::string binary;
    for (int i = 0; i < 5000; ++i) binary += static_cast<char>((i * 7919) & 0xff);
    const auto br = brotli_compress(binary, 5);
    ASSERT_TRUE(br);
    EXPECT_EQ(unbrotli(*br), binary);
}

TEST(Compression, OnlyTextWorthItIsCompressed) {
    EXPECT_TRUE(worth_compressing("text/html; charset=utf-8", 4096));
    EXPECT_TRUE(worth_compressing("application/json; charset=utf-8", 4096));
    EXPECT_TRUE(worth_compressing("text/javascript; charset=utf-8", 4096));
    EXPECT_TRUE(worth_compressing("image/svg+xml", 4096));
    EXPECT_TRUE(worth_compressing("application/problem+json", 4096));
    EXPECT_TRUE(worth_compressing("Text/CSS", 4096));
    EXPECT_FALSE(worth_compressing("text/html", kMinCompressBytes - 1));
    EXPECT_TRUE(worth_compressing("text/html", kMinCompressBytes));
    for (const char* packed : {"video/webm", "image/png", "image/jpeg", "font/woff2", "application/octet-stream",
                               "application/gzip", ""})
        EXPECT_FALSE(worth_compressing(packed, 1 << 20)) << packed;
}

TEST(Compression, VariantsCarryTheirOwnETags) {
    const std::string text = sample_text(8000);
    const auto v = make_variants(text, "text/html; charset=utf-8", "\"0123456789abcdef\"", Effort::kCacheEntry);
    ASSERT_TRUE(v);
    ASSERT_TRUE(v->gzip);
    ASSERT_TRUE(v->br);
    EXPECT_EQ(v->gzip->etag, "\"0123456789abcdef-gz\"");
    EXPECT_EQ(v->br->etag, "\"0123456789abcdef-br\"");
    EXPECT_EQ(gunzip(v->gzip->body), text);
    EXPECT_EQ(unbrotli(v->br->body), text);
    EXPECT_EQ(v->bytes(), v->gzip->body.size() + v->br->body.size() + v->gzip->etag.size() + v->br->etag.size());
    EXPECT_FALSE(make_variants("short", "text/html", "\"e\"", Effort::kCacheEntry)) << "too small";
    EXPECT_FALSE(make_variants(text, "video/webm", "\"e\"", Effort::kStatic)) << "compressed already";
}

TEST(Compression, AnswersInTheFormAskedForWithVary) {
    const std::string text = sample_text(8000);
    const std::string etag = "\"00000000000000aa\"";
    const auto v = make_variants(text, "application/json", etag, Effort::kStatic);
    ASSERT_TRUE(v);

    Response br;
    br.set("Vary", "Origin");
    answer_with_form(request_accepting("gzip, br"), br, text, etag, v.get());
    ASSERT_TRUE(br.header("Content-Encoding"));
    EXPECT_EQ(*br.header("Content-Encoding"), "br");
    EXPECT_EQ(*br.header("ETag"), "\"00000000000000aa-br\"");
    EXPECT_EQ(*br.header("Vary"), "Origin, Accept-Encoding") << "merged with the Vary already there";
    EXPECT_EQ(unbrotli(br.body), text);

    Response gz;
    answer_with_form(request_accepting("gzip"), gz, text, etag, v.get());
    EXPECT_EQ(*gz.header("Content-Encoding"), "gzip");
    EXPECT_EQ(gunzip(gz.body), text);

    Response plain;
    answer_with_form(Request{}, plain, text, etag, v.get());
    EXPECT_FALSE(plain.header("Content-Encoding"));
    EXPECT_EQ(*plain.header("ETag"), etag);
    EXPECT_EQ(*plain.header("Vary"), "Accept-Encoding") << "identity varies too: others got br";
    EXPECT_EQ(plain.body, text);

    Response none;
    answer_with_form(request_accepting("br"), none, "tiny", "\"t\"", nullptr);
    EXPECT_FALSE(none.header("Content-Encoding"));
    EXPECT_FALSE(none.header("Vary")) << "no variants, nothing to vary on";
    EXPECT_EQ(none.body, "tiny");
}
