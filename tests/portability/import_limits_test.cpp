// How far an import reads: a gzip file that unpacks past its bound ("gzip bomb") is refused, a
// Commento document past its size too; a stop (the server stopping, an admin cancelling) ends
// every reader between two items, keeping what was stored before it.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <zlib.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "comment_import_fixture.hpp"
#include "portability/comment_formats.hpp"
#include "portability/commento_import.hpp"
#include "portability/gzip_input.hpp"

namespace tribune::portability {
namespace {

// A Disqus export of `posts` posts on one thread, each "limits-N".
std::string limits_disqus(int posts, std::size_t padding = 0) {
    std::string out = R"(<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t1"><id/><link>https://old.example/limits</link><isClosed>false</isClosed></thread>
)";
    for (int i = 1; i <= posts; ++i)
        out += R"(<post dsq:id="p)" + std::to_string(i) + R"("><message>limits-)" + std::to_string(i) +
               R"(</message><createdAt>2020-01-01T10:00:00Z</createdAt><isDeleted>false</isDeleted>)"
               R"(<isSpam>false</isSpam><author><name>R</name></author><ipAddress>203.0.113.9</ipAddress>)"
               R"(<thread dsq:id="t1"/></post>)" "\n";
    out += std::string(padding, ' ');
    return out + "</disqus>\n";
}

class ImportLimits : public testing::CommentImportTest {
protected:
    std::string write_file(const std::string& name, const std::string& text, bool gzip) {
        const auto path = (dir.path() / name).string();
        if (gzip) {
            gzFile f = gzopen(path.c_str(), "wb9");
            EXPECT_NE(f, nullptr);
            EXPECT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
            gzclose(f);
        } else {
            std::ofstream(path, std::ios::binary) << text;
        }
        return path;
    }

    std::string make_isso(int comments) {
        const auto path = (dir.path() / "isso.db").string();
        std::string sql =
            "CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));"
            "CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,"
            " created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR,"
            " author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,"
            " dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);"
            "INSERT INTO threads VALUES (1, '/limits', NULL);"
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
            std::to_string(comments) +
            ") INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, voters)"
            " SELECT 1, i, NULL, 1559383260 + i, 1, '203.0.113.0', 'isso-' || i, 'Al', x'' FROM n;";
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
        return path;
    }

    std::int64_t stored(const std::string& source, int first, int last, const std::string& prefix) {
        std::int64_t n = 0;
        for (int i = first; i <= last; ++i) n += imported(source, prefix + std::to_string(i)).has_value();
        return n;
    }
};

TEST_F(ImportLimits, AGzipFileUnpackingPastItsBoundIsRefused) {
    // 3 posts, then 4 MiB of blanks: 4 KiB packed.
    const auto bomb = write_file("bomb.xml.gz", limits_disqus(3, 4 << 20), true);
    ASSERT_LT(std::filesystem::file_size(bomb), 64u * 1024);
    ReadLimits limits;
    limits.max_unpacked = 1 << 20;
    std::uint64_t file_read = 0;
    limits.file_read = [&](std::uint64_t n) { file_read = n; };
    auto r = run("disqus", [&](CommentImport& import) -> domain::Result<void> {
        auto read = read_comments_file("disqus", bomb, import, limits);
        if (!read) return read.error();
        return {};
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, domain::ErrorCode::kTooLarge);
    EXPECT_NE(r.error().message.find("unpacks to more than 1048576 bytes"), std::string::npos) << r.error().message;
    EXPECT_GT(file_read, 0u);

    // Within the bound it reads; a plain file is not bounded by it (the upload's own limit is).
    limits.max_unpacked = 8 << 20;
    auto fits = run("disqus", [&](CommentImport& import) -> domain::Result<void> {
        auto read = read_comments_file("disqus", bomb, import, limits);
        if (!read) return read.error();
        return {};
    });
    ASSERT_TRUE(fits) << fits.error().message;
    EXPECT_EQ(fits->comments, 3);
    const auto plain = write_file("plain.xml", limits_disqus(2, 2 << 20), false);
    limits.max_unpacked = 1 << 20;
    auto read_plain = run("disqus", [&](CommentImport& import) -> domain::Result<void> {
        auto read = read_comments_file("disqus", plain, import, limits);
        if (!read) return read.error();
        return {};
    });
    EXPECT_TRUE(read_plain) << read_plain.error().message;
}

TEST_F(ImportLimits, ACommentoDocumentPastItsBoundIsRefused) {
    const std::string doc = R"({"version":1,"comments":[)" + std::string(70000, ' ') + "]}";
    auto r = run("commento", [&](CommentImport& import) {
        std::istringstream in(doc);
        return import_commento(in, import, 65536);
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, domain::ErrorCode::kTooLarge);
    EXPECT_NE(r.error().message.find("read whole into memory"), std::string::npos) << r.error().message;
    // Through the format table, gzip-compressed: the same bound.
    const auto gz = write_file("commento.json.gz", doc, true);
    ReadLimits limits;
    limits.max_document = 65536;
    auto table = run("commento", [&](CommentImport& import) -> domain::Result<void> {
        auto read = read_comments_file("commento", gz, import, limits);
        if (!read) return read.error();
        return {};
    });
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().code, domain::ErrorCode::kTooLarge);
}

// Each reader, stopped before it begins: the stop's error, nothing stored.
TEST_F(ImportLimits, EveryReaderStopsWhenAsked) {
    const std::atomic<bool> stop{true};
    auto read_with = [&](const std::string& format, const std::string& path) {
        return run(format, [&](CommentImport& import) -> domain::Result<void> {
            auto read = read_comments_file(format, path, import);
            if (!read) return read.error();
            return {};
        }, false, &stop);
    };
    const std::string commento = R"({"version":1,"comments":[{"commentHex":"k1","url":"/limits","commenterHex":"anonymous",)"
                                 R"("markdown":"commento","parentHex":"root","creationDate":"2021-03-12T11:20:00Z"}]})";
    const std::string remark42 =
        R"({"id":"r1","pid":"","text":"remark","user":{"name":"A","id":"u"},"locator":{"url":"https://old.example/limits"},"time":"2019-06-01T10:00:00Z"})"
        "\n";
    for (const auto& [format, path] : {std::pair{std::string("isso"), make_isso(3)},
                                       std::pair{std::string("commento"), write_file("c.json.gz", commento, true)},
                                       std::pair{std::string("remark42"), write_file("r.gz", remark42, true)},
                                       std::pair{std::string("disqus"), write_file("d.xml.gz", limits_disqus(3), true)},
                                       std::pair{std::string("disqus"), write_file("d.xml", limits_disqus(3), false)}}) {
        auto r = read_with(format, path);
        ASSERT_FALSE(r) << format;
        EXPECT_EQ(r.error().title, "Import stopped") << format << ": " << r.error().message;
    }
    EXPECT_FALSE(imported("isso", "1"));
    EXPECT_FALSE(imported("commento", "k1"));
    EXPECT_FALSE(imported("remark42", "r1"));
    EXPECT_FALSE(imported("disqus", "p1"));
}

// A stop during a read ends it at the next item: the batch stored before stays, no more is read.
TEST_F(ImportLimits, AStopMidwayKeepsWhatWasStored) {
    const auto path = make_isso(1200);
    std::atomic<bool> stop{false};
    CommentImportOptions o;
    o.source = "isso";
    o.stop = &stop;
    // Called as the first batch (500) is stored: the stop lands between two items.
    o.hash_address = [&](std::string_view) {
        stop.store(true);
        return std::string("hash");
    };
    auto context = ctx();
    CommentImport import(context, std::move(o));
    auto read = read_comments_file("isso", path, import);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().title, "Import stopped");
    EXPECT_TRUE(import.stored_anything());
    auto total = import.finish();
    ASSERT_TRUE(total) << total.error().message;
    EXPECT_EQ(total->comments, 500);
    EXPECT_EQ(stored("isso", 1, 1200, ""), 500);
}

}  // namespace
}  // namespace tribune::portability
