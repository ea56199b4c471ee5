// Backup and restore of real SQLite stores in temp directories.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../store/temp_dir.hpp"
#include "portability/backup.hpp"
#include "portability/restore.hpp"
#include "service/media.hpp"
#include "store/open_store.hpp"
#include "store/sqlite_backup.hpp"

namespace tribune::portability {
namespace {

using store::testing::TempDir;
namespace fs = std::filesystem;

std::string url(const fs::path& p) { return "sqlite://" + p.string(); }

void fill(const fs::path& db) {
    auto s = store::open_store(url(db));
    ASSERT_TRUE(s);
    ASSERT_TRUE((*s)->put_setting("moderation", "post"));
    const std::string bytes = "not really an image, but bytes";
    store::MediaItem item;
    item.hash = service::sha256_hex(bytes);
    item.kind = "image";
    item.content_type = "image/png";
    item.bytes = static_cast<std::int64_t>(bytes.size());
    ASSERT_TRUE((*s)->put_media(item, bytes));
}

TEST(BackupRestore, CopiesVerifiesAndRestoresASqliteStore) {
    TempDir dir;
    fill(dir.path() / "src" / "tribune.db");
    std::ostringstream out, err;
    const auto dest = dir.path() / "backup";
    auto taken = backup({url(dir.path() / "src" / "tribune.db"), dest.string(), 1}, out, err);
    ASSERT_EQ(taken.exit_code, 0) << err.str();
    EXPECT_EQ(taken.manifest.engine, "sqlite");
    EXPECT_EQ(taken.manifest.media.items, 1);
    EXPECT_EQ(taken.manifest.summary.settings, 1);
    EXPECT_TRUE(fs::exists(dest / "manifest.json"));
    EXPECT_EQ(taken.manifest.files.size(), 2u);  // the database and one media file
    EXPECT_TRUE(verify_files(dest.string(), taken.manifest).empty());
    EXPECT_EQ(fs::status(dest).permissions() & fs::perms::all, fs::perms::owner_all);

    // A DEST that is not empty is refused.
    std::ostringstream out2, err2;
    EXPECT_EQ(backup({url(dir.path() / "src" / "tribune.db"), dest.string(), 1}, out2, err2).exit_code, 2);

    // Restored into a new store: the same summaries.
    const auto restored = dir.path() / "dst" / "tribune.db";
    ASSERT_EQ(restore({url(restored), dest.string()}, out, err), 0) << err.str();
    auto s = store::open_store(url(restored));
    ASSERT_TRUE(s);
    auto setting = (*s)->get_setting("moderation");
    ASSERT_TRUE(setting && *setting);
    EXPECT_EQ(**setting, "post");
    s->reset();

    // Not again over a store that holds something: refused, nothing changed.
    std::ostringstream out3, err3;
    EXPECT_EQ(restore({url(dir.path() / "src" / "tribune.db"), dest.string()}, out3, err3), 2);
    EXPECT_NE(err3.str().find("not empty"), std::string::npos) << err3.str();
}

TEST(BackupRestore, ATamperedBackupIsRefusedBeforeAnythingIsWritten) {
    TempDir dir;
    fill(dir.path() / "src" / "tribune.db");
    std::ostringstream out, err;
    const auto dest = dir.path() / "backup";
    ASSERT_EQ(backup({url(dir.path() / "src" / "tribune.db"), dest.string(), 64}, out, err).exit_code, 0) << err.str();
    {
        std::fstream f(dest / "tribune.db", std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(200);
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x01);
        f.seekp(200);
        f.write(&c, 1);
    }
    const auto target = dir.path() / "dst" / "tribune.db";
    std::ostringstream out2, err2;
    EXPECT_EQ(restore({url(target), dest.string()}, out2, err2), 2);
    EXPECT_NE(err2.str().find("damaged or altered"), std::string::npos) << err2.str();
    EXPECT_FALSE(fs::exists(target));
}

// A page at a time while another connection writes without pause: SQLite restarts the copy at
// each write, and after a few restarts the rest goes in one step, so the copy still ends, whole.
TEST(BackupRestore, TheOnlineCopyEndsWhileWritesGoOn) {
    TempDir dir;
    const auto db = dir.path() / "src" / "tribune.db";
    fill(db);
    auto s = store::open_store(url(db));
    ASSERT_TRUE(s);
    std::atomic<bool> done{false};
    std::atomic<int> writes{0};
    std::thread writer([&] {
        while (!done) {
            if ((*s)->put_setting("counter", std::to_string(writes.load()))) ++writes;
        }
    });
    auto copied = store::copy_sqlite(db.string(), (dir.path() / "copy.db").string(), 1);
    done = true;
    writer.join();
    ASSERT_TRUE(copied) << copied.error().message;
    EXPECT_GT(copied->pages, 0);
    EXPECT_EQ(copied->media_files, 1);
    RecordProperty("restarts", copied->restarts);
    RecordProperty("writes", writes.load());
    auto problems = store::check_store(url(dir.path() / "copy.db"), 10);
    ASSERT_TRUE(problems);
    EXPECT_TRUE(problems->empty());
}

TEST(BackupRestore, AFailedBackupLeavesNothing) {
    TempDir dir;
    std::ostringstream out, err;
    const auto dest = dir.path() / "backup";
    // No database there: nothing is created, not even a partial directory.
    EXPECT_EQ(backup({url(dir.path() / "missing.db"), dest.string(), 64}, out, err).exit_code, 1);
    EXPECT_FALSE(fs::exists(dest));
    EXPECT_TRUE(fs::is_empty(dir.path())) << err.str();
}

}  // namespace
}  // namespace tribune::portability
