#include "portability/backup_manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../store/temp_dir.hpp"
#include "portability/pg_tools.hpp"

namespace tribune::portability {
namespace {

using store::testing::TempDir;

void write(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

BackupManifest sample() {
    BackupManifest m;
    m.engine = "sqlite";
    m.schema_version = 14;
    m.created_at = "2026-12-07T06:30:00Z";
    m.summary_source = "the copy, opened after writing";
    m.summary.articles = 2;
    m.summary.comments = 30;
    m.summary.settings = 1;
    m.summary.checksum = 0x0123456789abcdefULL;
    m.media = {3, 1234, 0xfedcba9876543210ULL};
    m.files = {{"tribune.db", 4096, std::string(64, 'a')}, {"tribune.db-media/x", 3, std::string(64, 'b')}};
    return m;
}

TEST(BackupManifest, RoundTripsThroughJson) {
    const BackupManifest m = sample();
    auto back = parse_manifest(to_json(m));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, m);
}

TEST(BackupManifest, RefusesWhatIsNotAManifest) {
    EXPECT_FALSE(parse_manifest("not json"));
    EXPECT_FALSE(parse_manifest("[]"));
    std::string json = to_json(sample());
    auto bad = [&](std::string from, std::string to) {
        std::string j = json;
        j.replace(j.find(from), from.size(), to);
        return parse_manifest(j);
    };
    auto unknown_format = bad("\"format\":1", "\"format\":99");
    ASSERT_FALSE(unknown_format);
    EXPECT_NE(unknown_format.error().message.find("format 99"), std::string::npos);
    EXPECT_FALSE(bad("\"engine\":\"sqlite\"", "\"engine\":\"oracle\""));
    EXPECT_FALSE(bad("\"tribune.db\"", "\"../etc/passwd\""));          // a path out of the backup
    EXPECT_FALSE(bad("\"tribune.db\"", "\"/etc/passwd\""));
    EXPECT_FALSE(bad(std::string(64, 'a'), std::string(63, 'a')));     // not a SHA-256
    EXPECT_FALSE(bad("\"comments\":30", "\"comments\":-1"));
    EXPECT_FALSE(bad("\"checksum\":\"0123456789abcdef\"", "\"checksum\":\"xyz\""));
}

TEST(BackupManifest, VerifiesFilesAndRefusesAFlippedByte) {
    TempDir dir;
    write(dir.path() / "tribune.db", "database bytes");
    write(dir.path() / "tribune.db-media" / "h1", "media bytes");
    BackupManifest m = sample();
    m.files.clear();
    for (const char* f : {"tribune.db", "tribune.db-media/h1"}) {
        auto d = describe_file(dir.path().string(), f);
        ASSERT_TRUE(d);
        m.files.push_back(*d);
    }
    EXPECT_EQ(m.files[0].bytes, 14);
    // The SHA-256 of "database bytes".
    EXPECT_EQ(m.files[0].sha256.size(), 64u);
    ASSERT_TRUE(write_manifest(dir.path().string(), m));
    auto read = read_manifest(dir.path().string());
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, m);
    EXPECT_TRUE(verify_files(dir.path().string(), m).empty());

    write(dir.path() / "tribune.db", "databasE bytes");  // the same size, one byte changed
    auto problems = verify_files(dir.path().string(), m);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("tribune.db: its SHA-256 differs"), std::string::npos);

    write(dir.path() / "tribune.db", "database bytes");
    write(dir.path() / "extra", "x");
    std::filesystem::remove(dir.path() / "tribune.db-media" / "h1");
    problems = verify_files(dir.path().string(), m);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_NE(problems[0].find("tribune.db-media/h1"), std::string::npos);
    EXPECT_NE(problems[1].find("extra: not in the manifest"), std::string::npos);
}

TEST(BackupManifest, AManifestListingNoFilesIsRefused) {
    TempDir dir;
    BackupManifest m = sample();
    m.files.clear();
    EXPECT_FALSE(verify_files(dir.path().string(), m).empty());
}

TEST(PgTools, TakesThePasswordOutOfTheUrl) {
    auto t = split_password("postgres://tribune:s%40cret@127.0.0.1:5432/db?sslmode=disable");
    EXPECT_EQ(t.url, "postgres://tribune@127.0.0.1:5432/db?sslmode=disable");
    EXPECT_EQ(t.password, "s@cret");
    t = split_password("postgresql://u@h/db?password=pw&sslmode=require");
    EXPECT_EQ(t.url, "postgresql://u@h/db?sslmode=require");
    EXPECT_EQ(t.password, "pw");
    t = split_password("postgres://h/db");
    EXPECT_EQ(t.url, "postgres://h/db");
    EXPECT_EQ(t.password, "");
}

}  // namespace
}  // namespace tribune::portability
