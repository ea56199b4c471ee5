#include "store/open_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "temp_dir.hpp"

namespace tribune::store {
namespace {

using domain::ErrorCode;

TEST(OpenStore, AbsoluteSqliteUrlCreatesTheDirectoryAndTheSchema) {
    testing::TempDir dir;
    const auto file = dir.path() / "nested" / "deeper" / "t.db";
    auto store = open_store("sqlite://" + file.string());
    ASSERT_TRUE(store.has_value()) << store.error().message;
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_TRUE((*store)->is_empty().value());
}

TEST(OpenStore, RelativeSqliteUrlIsRelativeToTheWorkingDirectory) {
    testing::TempDir dir;
    const auto relative =
        std::filesystem::relative(dir.path() / "rel" / "t.db", std::filesystem::current_path());
    ASSERT_FALSE(relative.is_absolute());
    auto store = open_store("sqlite://" + relative.string());
    ASSERT_TRUE(store.has_value()) << store.error().message;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "rel" / "t.db"));
}

TEST(OpenStore, DefaultUrlPointsIntoTheDataDirectory) {
    EXPECT_EQ(default_sqlite_url("/var/lib/tribune"), "sqlite:///var/lib/tribune/tribune.db");
    EXPECT_EQ(default_sqlite_url("/var/lib/tribune/"), "sqlite:///var/lib/tribune/tribune.db");
    EXPECT_EQ(default_sqlite_url("./data"), "sqlite://./data/tribune.db");
    EXPECT_EQ(default_sqlite_url("data"), "sqlite://data/tribune.db");

    testing::TempDir dir;
    auto store = open_store(default_sqlite_url((dir.path() / "data").string()));
    ASSERT_TRUE(store.has_value());
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "data" / "tribune.db"));
}

TEST(OpenStore, PostgresUrlsAreNotPartOfThisBuildYet) {
    for (const char* url : {"postgres://u:p@127.0.0.1:5432/tribune", "postgresql://localhost/tribune"}) {
        auto store = open_store(url);
        ASSERT_FALSE(store.has_value()) << url;
        EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
        EXPECT_NE(store.error().message.find("PostgreSQL"), std::string::npos);
        EXPECT_EQ(store.error().message.find("u:p"), std::string::npos);  // never echo credentials
    }
}

TEST(OpenStore, AnythingElseIsInvalid) {
    for (const char* url : {"", "mysql://x/y", "sqlite:", "sqlite:/x.db", "SQLITE", "sqlite://",
                            "sqlite://:memory:"}) {
        auto store = open_store(url);
        ASSERT_FALSE(store.has_value()) << url;
        EXPECT_EQ(store.error().code, ErrorCode::kInvalid) << url;
    }
    EXPECT_EQ(open_store("mysql://x/y").error().message, "unknown database URL");
}

TEST(OpenStore, UnopenableFileIsUnavailable) {
    testing::TempDir dir;
    // A directory where the database file should be.
    std::filesystem::create_directories(dir.path() / "db-is-a-dir");
    auto store = open_store("sqlite://" + (dir.path() / "db-is-a-dir").string());
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace tribune::store
