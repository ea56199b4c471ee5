// SqliteStore against a damaged or unwritable file, a schema from a newer Tribune, and a -shm
// file cut short under it: clear refusals, never a crash or a write into a broken file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "store/open_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace tribune::store::sqlite {
namespace {

using namespace std::chrono_literals;
using domain::ErrorCode;

constexpr int kComments = 300;

domain::NewComment comment(int i) {
    domain::NewComment c;
    c.page = "/faults";
    c.author.name = "Tester";
    c.text = "comment " + std::to_string(i) + " " + std::string(2000, 'x');
    c.created_at = domain::Time(std::chrono::seconds(1700000000 + i));
    return c;
}

class SqliteFaultsTest : public ::testing::Test {
protected:
    std::string path() const { return (dir_.path() / "tribune.db").string(); }

    Result<std::unique_ptr<SqliteStore>> open(std::chrono::milliseconds budget = 3000ms) {
        SqliteOptions options;
        options.path = path();
        options.start_check_budget = budget;
        return SqliteStore::open(options);
    }

    // A file of about 1.3 MB holding kComments comments, closed (its WAL checkpointed away).
    void populate() {
        auto store = open();
        ASSERT_TRUE(store.has_value()) << store.error().message;
        for (int i = 0; i < kComments; ++i) ASSERT_TRUE((*store)->insert_comment(comment(i)).has_value());
    }

    // Overwrites the middle fifth of the file's pages with random bytes.
    void damage_middle() {
        const auto size = std::filesystem::file_size(path());
        const std::uintmax_t page = 4096, pages = size / page;
        ASSERT_GT(pages, 100u);
        std::fstream f(path(), std::ios::in | std::ios::out | std::ios::binary);
        std::mt19937 rng(7);
        std::string junk(page, '\0');
        for (std::uintmax_t p = pages * 2 / 5; p < pages * 3 / 5; ++p) {
            for (auto& ch : junk) ch = static_cast<char>(rng());
            f.seekp(static_cast<std::streamoff>(p * page));
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }

    testing::TempDir dir_;
};

void expect_damaged_refusal(const domain::Error& e) {
    EXPECT_EQ(e.code, ErrorCode::kUnavailable);
    EXPECT_EQ(e.title, "Database damaged");
}

TEST_F(SqliteFaultsTest, ASchemaFromANewerTribuneIsRefusedWithWhatToDo) {
    ASSERT_TRUE(open().has_value());
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO schema_migrations VALUES (99, '0099_future', 0)", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
    auto again = open();
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().title, "Store from a newer Tribune");
    EXPECT_NE(again.error().message.find("newer Tribune (schema 99"), std::string::npos) << again.error().message;
    EXPECT_NE(again.error().message.find("Upgrade the binary or restore a backup"), std::string::npos);
}

TEST_F(SqliteFaultsTest, ADirectoryAsTheDatabasePathIsNamed) {
    std::filesystem::create_directories(path());
    auto store = open();
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().title, "Database path is a directory");
    EXPECT_NE(store.error().message.find(path()), std::string::npos);
    EXPECT_EQ(store.error().message.find("Try again"), std::string::npos);
}

TEST_F(SqliteFaultsTest, AnUnwritableDirectoryIsNamed) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere; the integration suite covers a read-only mount";
    ASSERT_TRUE(open().has_value());
    ASSERT_EQ(::chmod(dir_.path().c_str(), 0500), 0);
    auto store = open();
    ::chmod(dir_.path().c_str(), 0700);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().title, "Database not writable");
    EXPECT_NE(store.error().message.find(dir_.path().string()), std::string::npos) << store.error().message;
}

TEST_F(SqliteFaultsTest, ADamagedFileIsRefusedAtOpenAndCheckListsTheProblems) {
    populate();
    damage_middle();
    auto store = open();
    ASSERT_FALSE(store.has_value());
    expect_damaged_refusal(store.error());
    EXPECT_NE(store.error().message.find(path()), std::string::npos) << store.error().message;
    EXPECT_NE(store.error().message.find("restore a backup"), std::string::npos);

    auto problems = check_store("sqlite://" + path(), 10);
    ASSERT_TRUE(problems.has_value()) << problems.error().message;
    EXPECT_FALSE(problems->empty());
    EXPECT_LE(problems->size(), 10u);
}

TEST_F(SqliteFaultsTest, AFileThatIsNotADatabaseIsRefusedAsDamaged) {
    std::ofstream(path(), std::ios::binary) << std::string(8192, 'Z');
    auto store = open();
    ASSERT_FALSE(store.has_value());
    expect_damaged_refusal(store.error());
    auto problems = check_store("sqlite://" + path(), 10);
    ASSERT_TRUE(problems.has_value());
    EXPECT_FALSE(problems->empty());
}

TEST_F(SqliteFaultsTest, DamageFoundAtRunTimeRefusesWritesAndNeverAnswersInternal) {
    populate();
    auto store = open();
    ASSERT_TRUE(store.has_value());
    damage_middle();
    int damaged_reads = 0;
    for (int id = 1; id <= kComments; ++id) {
        auto c = (*store)->get_comment(id);
        if (c) continue;
        EXPECT_NE(c.error().code, ErrorCode::kInternal) << c.error().message;
        if (c.error().title == "Database damaged") ++damaged_reads;
    }
    ASSERT_GT(damaged_reads, 0);
    EXPECT_TRUE((*store)->damaged());
    auto write = (*store)->insert_comment(comment(1000));
    ASSERT_FALSE(write.has_value());
    expect_damaged_refusal(write.error());
    // Reads of sound pages go on.
    EXPECT_TRUE((*store)->get_comment(1).has_value());
}

TEST_F(SqliteFaultsTest, ACheckThatOutlastsTheStartGoesOnInTheBackground) {
    populate();
    damage_middle();
    auto store = open(0ms);  // the whole check runs in the background
    ASSERT_TRUE(store.has_value()) << store.error().message;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!(*store)->damaged() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE((*store)->damaged());
    auto write = (*store)->put_setting("k", "v");
    ASSERT_FALSE(write.has_value());
    expect_damaged_refusal(write.error());
}

TEST_F(SqliteFaultsTest, ASoundFilePassesTheCheck) {
    populate();
    auto problems = check_store("sqlite://" + path(), 10);
    ASSERT_TRUE(problems.has_value()) << problems.error().message;
    EXPECT_TRUE(problems->empty());
    EXPECT_EQ(check_store("sqlite://" + (dir_.path() / "missing.db").string(), 10).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(check_store("postgres://127.0.0.1/x", 10).error().code, ErrorCode::kInvalid);
}

// The -shm file cut short under an open store raises SIGBUS on the next touch of its mapping.
// The store must refuse calls instead of dying. In a child process: the fault is process-wide.
TEST_F(SqliteFaultsTest, AShmFileCutShortIsRefusedNotACrash) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            auto store = open();
            if (!store || !(*store)->insert_comment(comment(1))) std::_Exit(2);
            if (::truncate((path() + "-shm").c_str(), 0) != 0) std::_Exit(3);
            auto read = (*store)->get_comment(1);
            auto write = (*store)->insert_comment(comment(2));
            const bool refused = !write && write.error().title == "Storage failed" &&
                                 write.error().code == ErrorCode::kUnavailable;
            const bool read_ok_or_refused = read || read.error().title == "Storage failed";
            std::_Exit(refused && read_ok_or_refused ? 0 : 4);
        },
        ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace tribune::store::sqlite
