// The MediaStore contract on both engines: content-addressed items (the same bytes twice are one
// item), reads of any range across chunk boundaries, variants, listing in hash order, and
// refusals that store nothing.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <string>

#include "store_factories.hpp"

namespace tribune::store {
namespace {

// A made-up hash per test item (the store trusts its caller to compute the real one).
std::string hash_of(char c) { return std::string(64, c); }

MediaItem item(const std::string& hash, std::string_view bytes, std::string kind = "image") {
    MediaItem m;
    m.hash = hash;
    m.kind = std::move(kind);
    m.content_type = m.kind == "image" ? "image/png" : "audio/mpeg";
    m.bytes = static_cast<std::int64_t>(bytes.size());
    m.original_name = "photo.png";
    m.created_at = 1'700'000'000'000'000;
    m.created_by = "editor@example.org";
    return m;
}

// Bytes no two positions of which are alike for long: a wrong offset shows.
std::string pattern(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>((i * 7919 + i / 251) & 0xFF);
    return out;
}

template <class Factory>
class MediaContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }
    Store& store() { return *store_; }

    // The whole of `hash`, read in reads of at most kMaxMediaRead.
    std::string read_all(const std::string& hash, std::int64_t size) {
        std::string out;
        for (std::int64_t at = 0; at < size; at += kMaxMediaRead) {
            auto part = store().read_media(hash, at, kMaxMediaRead);
            EXPECT_TRUE(part) << part.error().message;
            if (!part) return out;
            out += *part;
        }
        return out;
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(MediaContract, testing::Engines);

TYPED_TEST(MediaContract, StoresAnItemOnceAndReadsItBack) {
    const std::string bytes = pattern(5000);
    MediaItem m = item(hash_of('a'), bytes);
    m.width = 640;
    m.height = 480;
    auto put = this->store().put_media(m, bytes);
    ASSERT_TRUE(put) << put.error().message;
    EXPECT_TRUE(put->added);
    EXPECT_EQ(put->item.hash, m.hash);
    EXPECT_EQ(put->item.width, 640);
    EXPECT_FALSE(put->item.duration_ms);

    // The same bytes again (by someone else, under another name): one item, the first one.
    MediaItem again = m;
    again.original_name = "other.png";
    again.created_by = "someone-else";
    auto second = this->store().put_media(again, bytes);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_FALSE(second->added);
    EXPECT_EQ(second->item.original_name, "photo.png");
    EXPECT_EQ(second->item.created_by, "editor@example.org");

    auto got = this->store().get_media(m.hash);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->kind, "image");
    EXPECT_EQ(got->content_type, "image/png");
    EXPECT_EQ(got->bytes, 5000);
    EXPECT_EQ(got->height, 480);
    EXPECT_EQ(got->created_at, 1'700'000'000'000'000);
    EXPECT_EQ(this->read_all(m.hash, 5000), bytes);
    EXPECT_EQ(this->store().read_media(m.hash, 4990, 100).value(), bytes.substr(4990));
    EXPECT_EQ(this->store().read_media(m.hash, 5000, 100).value(), "");
    EXPECT_EQ(this->store().list_media("", 10).value().size(), 1u);
}

TYPED_TEST(MediaContract, LargeFilesReadAcrossChunks) {
    const std::string bytes = pattern(static_cast<std::size_t>(kMediaChunkBytes) * 2 + 12345);
    MediaItem m = item(hash_of('b'), bytes, "audio");
    m.duration_ms = 293000;
    ASSERT_TRUE(this->store().put_media(m, bytes));
    EXPECT_EQ(this->store().get_media(m.hash).value().duration_ms, 293000);
    EXPECT_EQ(this->read_all(m.hash, static_cast<std::int64_t>(bytes.size())), bytes);
    // A range that starts in one chunk and ends in the next.
    const std::int64_t from = kMediaChunkBytes - 10;
    EXPECT_EQ(this->store().read_media(m.hash, from, 30).value(), bytes.substr(static_cast<std::size_t>(from), 30));
    auto file = this->store().media_file(m.hash);
    ASSERT_TRUE(file);
    if (*file) {
        EXPECT_FALSE((*file)->empty());  // SQLite: a file beside the database
    }
}

TYPED_TEST(MediaContract, VariantsAndListing) {
    const std::string original = pattern(300), small = pattern(100), medium = pattern(200);
    ASSERT_TRUE(this->store().put_media(item(hash_of('c'), original), original));
    MediaItem v960 = item(hash_of('e'), medium);
    v960.variant_of = hash_of('c');
    v960.width = 960;
    MediaItem v480 = item(hash_of('d'), small);
    v480.variant_of = hash_of('c');
    v480.width = 480;
    ASSERT_TRUE(this->store().put_media(v960, medium));
    ASSERT_TRUE(this->store().put_media(v480, small));
    auto variants = this->store().media_variants(hash_of('c'));
    ASSERT_TRUE(variants) << variants.error().message;
    ASSERT_EQ(variants->size(), 2u);
    EXPECT_EQ((*variants)[0].width, 480);
    EXPECT_EQ((*variants)[1].width, 960);
    EXPECT_TRUE(this->store().media_variants(hash_of('d')).value().empty());

    auto first = this->store().list_media("", 2);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 2u);
    EXPECT_EQ((*first)[0].hash, hash_of('c'));
    auto rest = this->store().list_media((*first)[1].hash, 10);
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].hash, hash_of('e'));
}

TYPED_TEST(MediaContract, RefusalsStoreNothing) {
    const std::string bytes = "abc";
    EXPECT_EQ(this->store().put_media(item("../etc/passwd", bytes), bytes).error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(this->store().put_media(item(std::string(64, 'A'), bytes), bytes).error().code,
              domain::ErrorCode::kInvalid);
    MediaItem wrong_size = item(hash_of('f'), bytes);
    wrong_size.bytes = 4;
    EXPECT_EQ(this->store().put_media(wrong_size, bytes).error().code, domain::ErrorCode::kInvalid);
    EXPECT_TRUE(this->store().list_media("", 10).value().empty());
    EXPECT_EQ(this->store().get_media(hash_of('f')).error().code, domain::ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_media("../x").error().code, domain::ErrorCode::kNotFound);
    EXPECT_EQ(this->store().read_media(hash_of('f'), 0, 10).error().code, domain::ErrorCode::kNotFound);
    EXPECT_EQ(this->store().media_file(hash_of('f')).error().code, domain::ErrorCode::kNotFound);
    EXPECT_FALSE(this->store().read_media(hash_of('f'), 0, kMaxMediaRead + 1));
}

}  // namespace
}  // namespace tribune::store
