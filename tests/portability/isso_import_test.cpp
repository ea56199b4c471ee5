// An Isso database into the store: modes, parents (also ones that are gone), times in Unix
// seconds, unknown threads, empty texts; the file is only read; files that are not Isso's.
#include "portability/isso_import.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "comment_import_fixture.hpp"

namespace tribune::portability {
namespace {

using domain::CommentStatus;

// Isso's own schema, as its database module creates it.
constexpr const char* kSchema = R"(
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR,
    author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
    dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);
CREATE TABLE preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
)";

constexpr const char* kRows = R"(
INSERT INTO threads VALUES (1, '/2019/06/hours/', 'Opening hours'), (2, '/2019/07/other', NULL);
INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, email, voters) VALUES
 (1, 1, NULL, 1559383260.25, 1, '203.0.113.0', 'First **bold**' || char(13, 10, 13, 10) || 'Ünïcode ✓ <3 & more  ', 'Zoë', 'zoe@example.org', x''),
 (1, 2, 1, 1559383320, 1, '203.0.113.0', 'A reply', NULL, NULL, x''),
 (1, 3, NULL, 1559383380, 2, '2001:db8::', 'Waiting for moderation', 'Mo', '', x''),
 (1, 4, NULL, 1559383440, 4, NULL, '', NULL, NULL, x''),
 (1, 5, 4, 1559383500, 1, NULL, 'Answer to a deleted one', 'Al', NULL, x''),
 (1, 6, NULL, 1559383560, 1, NULL, '   ', 'Al', NULL, x''),
 (1, 7, 404, 1559383620, 1, NULL, 'Parent is gone', 'Al', NULL, x''),
 (9, 8, NULL, 1559383680, 1, NULL, 'Thread is gone', 'Al', NULL, x''),
 (2, 9, NULL, 1562000000, 1, NULL, 'Other page', 'Al', NULL, x'');
)";

class IssoImport : public testing::CommentImportTest {
protected:
    std::string make_db(const std::string& sql, const std::string& name = "comments.db") {
        const auto path = (dir.path() / name).string();
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
        return path;
    }
    domain::Result<ImportCounts> import_file(const std::string& path, bool dry_run = false) {
        return run("isso", [&](CommentImport& import) { return import_isso_file(path, import); }, dry_run);
    }
};

TEST_F(IssoImport, ImportsThreadsModesParentsAndTimes) {
    const auto path = make_db(std::string(kSchema) + kRows);
    const auto before = std::filesystem::last_write_time(path);
    auto counts = import_file(path);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->threads, 2);
    EXPECT_EQ(counts->comments, 7);  // 1-5, 7, 9
    EXPECT_EQ(counts->note(ImportNote::kEmptyText), 1);
    EXPECT_EQ(counts->note(ImportNote::kUnknownThread), 1);
    EXPECT_EQ(counts->note(ImportNote::kMissingParent), 1);

    auto first = imported("isso", "1");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->page, "/2019/06/hours/");
    // The Markdown as typed: nothing parsed, line ends made "\n", trimmed.
    EXPECT_EQ(first->text, "First **bold**\n\nÜnïcode ✓ <3 & more");
    EXPECT_EQ(first->author.name, "Zoë");
    EXPECT_EQ(first->status, CommentStatus::kApproved);
    EXPECT_EQ(domain::to_micros(first->created_at), 1559383260250000);
    EXPECT_EQ(first->ip_hash, "hash:203.0.113.0");
    EXPECT_EQ(email_of(first->id), "zoe@example.org");

    auto reply = imported("isso", "2");
    EXPECT_EQ(reply->parent_id, first->id);
    EXPECT_EQ(reply->author.name, "No Name");
    EXPECT_EQ(imported("isso", "3")->status, CommentStatus::kPending);
    auto deleted = imported("isso", "4");
    EXPECT_EQ(deleted->status, CommentStatus::kDeleted);
    EXPECT_EQ(imported("isso", "5")->parent_id, deleted->id);
    EXPECT_FALSE(imported("isso", "6"));
    EXPECT_FALSE(imported("isso", "7")->parent_id);
    EXPECT_FALSE(imported("isso", "8"));
    EXPECT_EQ(imported("isso", "9")->page, "/2019/07/other");
    EXPECT_FALSE(closed("/2019/06/hours/"));

    // Read only: the file is as it was.
    EXPECT_EQ(std::filesystem::last_write_time(path), before);

    auto again = import_file(path);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->comments, 0);
    EXPECT_EQ(again->note(ImportNote::kAlreadyImported), 7);
}

// Isso numbers comments from 1 in every installation: two sites' databases both import, each
// remembered under its installation's key, and each one again adds nothing.
TEST_F(IssoImport, TwoInstallationsWithTheSameIdsStayApart) {
    const auto a = make_db(std::string(kSchema) + kRows + "INSERT INTO preferences VALUES ('session-key', 'A1b2');",
                           "a.db");
    const auto b = make_db(std::string(kSchema) + kRows + "INSERT INTO preferences VALUES ('session-key', 'c3D4');",
                           "b.db");
    auto first = import_file(a);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->comments, 7);
    auto second = import_file(b);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->comments, 7) << "the other site's comment 1 is not the first site's";
    auto again = import_file(b);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->comments, 0);
    EXPECT_FALSE(imported("isso", "1"));
    // The key signs Isso's cookies: what is remembered is a hash of it, never the key.
    auto rows = db->export_batch(store::ExportTable::kImportSources, 0, 100);
    ASSERT_TRUE(rows) << rows.error().message;
    std::set<std::string> sources;
    for (const auto& r : std::get<std::vector<store::ImportSourceRow>>(*rows)) {
        EXPECT_EQ(r.source.find("A1b2"), std::string::npos) << r.source;
        EXPECT_EQ(r.source.find("c3D4"), std::string::npos) << r.source;
        sources.insert(r.source);
    }
    ASSERT_EQ(sources.size(), 2u);
    for (const auto& source : sources) {
        EXPECT_EQ(source.rfind("isso:h", 0), 0u) << source;
        EXPECT_TRUE(imported(source, "1")) << source;
    }
}

TEST_F(IssoImport, ADryRunStoresNothing) {
    const auto path = make_db(std::string(kSchema) + kRows);
    auto counts = import_file(path, true);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->comments, 7);
    EXPECT_FALSE(imported("isso", "1"));
}

TEST_F(IssoImport, FilesThatAreNotIssoDatabasesAreRefused) {
    const auto text = (dir.path() / "export.xml").string();
    std::ofstream(text) << "<?xml version=\"1.0\"?><disqus></disqus>\n";
    auto not_sqlite = import_file(text);
    ASSERT_FALSE(not_sqlite);
    EXPECT_EQ(not_sqlite.error().code, domain::ErrorCode::kMalformed);
    EXPECT_NE(not_sqlite.error().message.find("not an SQLite database"), std::string::npos);

    const auto other = make_db("CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);");
    auto no_tables = import_file(other);
    ASSERT_FALSE(no_tables);
    EXPECT_EQ(no_tables.error().code, domain::ErrorCode::kMalformed);
    EXPECT_NE(no_tables.error().message.find("threads and comments"), std::string::npos);
}

TEST_F(IssoImport, AFieldOverTheBoundStopsTheRead) {
    const auto path = make_db(std::string(kSchema) +
                              "INSERT INTO threads VALUES (1, '/p', NULL);"
                              "INSERT INTO comments (tid, id, created, mode, text, voters) VALUES"
                              " (1, 1, 1559383260, 1, substr(hex(zeroblob(3000000)), 1, 5000000), x'');");
    auto r = import_file(path);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, domain::ErrorCode::kMalformed);
    EXPECT_FALSE(imported("isso", "1"));
}

}  // namespace
}  // namespace tribune::portability
