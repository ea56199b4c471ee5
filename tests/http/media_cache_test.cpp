// The media disk cache of a node whose store keeps media in the database (PostgreSQL): one fill
// per item however many ask at once, an open file survives trimming, an item larger than the
// whole cache pushes nothing out, and fills in progress are neither counted nor trimmed.
#include "http/media_cache.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace tribune::http {
namespace {
namespace fs = std::filesystem;

// Media in the "database": read_media only, as PostgreSQL serves it.
class DatabaseMedia : public store::MediaStore {
public:
    store::MediaItem add(char fill, std::int64_t bytes) {
        store::MediaItem m;
        m.hash = std::string(64, fill);
        m.kind = "image";
        m.content_type = "image/png";
        m.bytes = bytes;
        std::string data(static_cast<std::size_t>(bytes), '\0');
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + (i * 7 + fill) % 26);
        bytes_[m.hash] = data;
        return m;
    }
    const std::string& bytes_of(const store::MediaItem& m) { return bytes_.at(m.hash); }

    std::atomic<int> reads{0};
    std::atomic<bool> hold{false};  // read_media waits while set

    domain::Result<store::MediaPut> put_media(const store::MediaItem&, std::string_view) override { return unsupported(); }
    domain::Result<store::MediaItem> get_media(std::string_view) override { return unsupported(); }
    domain::Result<std::vector<store::MediaItem>> media_variants(std::string_view) override { return unsupported(); }
    domain::Result<std::optional<std::string>> media_file(std::string_view) override { return std::optional<std::string>(); }
    domain::Result<std::string> read_media(std::string_view hash, std::int64_t offset, std::int64_t length) override {
        ++reads;
        while (hold) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const std::string& all = bytes_.at(std::string(hash));
        return all.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
    }
    domain::Result<std::vector<store::MediaItem>> list_media(std::string_view, int) override { return unsupported(); }

private:
    static domain::Error unsupported() { return domain::make_error(domain::ErrorCode::kInternal, "x", "not in this fake"); }
    std::map<std::string, std::string> bytes_;
};

std::string read_all(const OpenFile& f) {
    std::string out;
    char buf[65536];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(f.fd(), buf, sizeof buf, at);
        if (n <= 0) return out;
        out.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
}

class MediaCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("tribune-media-cache-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        std::error_code ec;
        for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
            out.push_back(it->path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path dir_;
    DatabaseMedia db_;
};

TEST_F(MediaCacheTest, FillsOnceThenServesFromDisk) {
    MediaCache cache(dir_.string(), 1 << 20);
    const auto item = db_.add('a', 10000);
    for (int i = 0; i < 3; ++i) {
        auto f = cache.open(db_, item);
        ASSERT_TRUE(f) << f.error().message;
        EXPECT_EQ(read_all(**f), db_.bytes_of(item));
    }
    EXPECT_EQ(cache.fills(), 1u);
    EXPECT_EQ(names(), std::vector<std::string>{item.hash});
}

TEST_F(MediaCacheTest, RequestsForAnItemBeingFilledWaitForTheOneFill) {
    MediaCache cache(dir_.string(), 1 << 30);
    const auto item = db_.add('b', 3 * store::kMaxMediaRead + 5);  // four reads
    db_.hold = true;
    std::vector<std::thread> requests;
    std::atomic<int> served{0};
    for (int i = 0; i < 6; ++i)
        requests.emplace_back([&] {
            auto f = cache.open(db_, item);
            if (f && read_all(**f) == db_.bytes_of(item)) ++served;
        });
    // Every request has asked by now or will find the file; none may start a second fill.
    while (db_.reads == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    db_.hold = false;
    for (auto& t : requests) t.join();
    EXPECT_EQ(served, 6);
    EXPECT_EQ(cache.fills(), 1u);
    EXPECT_EQ(db_.reads, 4) << "one copy of the item's bytes";
    EXPECT_EQ(names(), std::vector<std::string>{item.hash}) << "no temporary file left";
}

TEST_F(MediaCacheTest, AFileTrimmedWhileBeingServedIsSentWhole) {
    MediaCache cache(dir_.string(), 25000);
    const auto first = db_.add('c', 10000);
    auto served = cache.open(db_, first);
    ASSERT_TRUE(served);
    // Two more items push the first (the least recently written) out of the cache.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(cache.open(db_, db_.add('d', 10000)));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(cache.open(db_, db_.add('e', 10000)));
    EXPECT_FALSE(fs::exists(dir_ / first.hash)) << "trimmed";
    EXPECT_EQ(read_all(**served), db_.bytes_of(first)) << "the open answer still has every byte";
    // Asked again, it is filled again.
    auto again = cache.open(db_, first);
    ASSERT_TRUE(again);
    EXPECT_EQ(read_all(**again), db_.bytes_of(first));
}

TEST_F(MediaCacheTest, AnItemLargerThanTheCacheIsServedAndPushesNothingOut) {
    MediaCache cache(dir_.string(), 20000);
    const auto small = db_.add('f', 5000);
    ASSERT_TRUE(cache.open(db_, small));
    const auto large = db_.add('7', 50000);
    for (int i = 0; i < 2; ++i) {
        auto f = cache.open(db_, large);
        ASSERT_TRUE(f) << f.error().message;
        EXPECT_EQ(read_all(**f), db_.bytes_of(large));
    }
    EXPECT_EQ(names(), std::vector<std::string>{small.hash}) << "the small item stays, the large one leaves no file";
}

TEST_F(MediaCacheTest, FillsInProgressAreNeitherCountedNorTrimmed) {
    MediaCache cache(dir_.string(), 20000);
    fs::create_directories(dir_);
    const std::string in_progress = "." + std::string(64, '6') + ".tmp-1";
    {
        std::ofstream tmp(dir_ / in_progress, std::ios::binary);
        tmp << std::string(15000, 'x');
    }
    const auto item = db_.add('8', 10000);
    ASSERT_TRUE(cache.open(db_, item));
    ASSERT_TRUE(cache.open(db_, db_.add('9', 1000)));
    EXPECT_EQ(names(), (std::vector<std::string>{in_progress, std::string(64, '8'), std::string(64, '9')}));
}

TEST_F(MediaCacheTest, NoDirectoryMeansUnavailable) {
    MediaCache cache("", 1 << 20);
    auto f = cache.open(db_, db_.add('0', 10));
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code, domain::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace tribune::http
