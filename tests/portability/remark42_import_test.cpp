// A Remark42 backup into the store: its meta line (emails, read-only posts), comments in any
// order, deletions, escaped names, times with offsets; gzip or not; files that are not backups.
#include "portability/remark42_import.hpp"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include "comment_import_fixture.hpp"
#include "portability/comment_formats.hpp"

namespace tribune::portability {
namespace {

using domain::CommentStatus;

std::string r42_line(const std::string& id, const std::string& pid, const std::string& url, const std::string& text,
                    const std::string& time, const std::string& extra = {}) {
    return R"({"id":")" + id + R"(","pid":")" + pid + R"(","text":")" + text +
           R"(","user":{"name":"Zo&lt;ë&gt; &amp; Co","id":"github_u1","picture":"","ip":"0b2c4f6a8e1d3c5b7a9f0e2d4c6b8a1f3e5d7c9b","admin":false},)"
           R"("locator":{"site":"news","url":")" + url + R"("},"score":0,"vote":0,"time":")" + time + "\"" + extra + "}\n";
}

const std::string kHours = "https://old.example/2019/06/hours?utm=x#c";
const std::string kClosed = "https://old.example/2019/07/closed";

std::string backup() {
    return R"({"version":1,"users":[{"id":"github_u1","blocked":{"status":false,"until":"0001-01-01T00:00:00Z"},"verified":false,"details":{"user_id":"github_u1","email":"zoe@example.org"}}],"posts":[{"url":")" +
           kClosed + R"(","read_only":true}]})" + "\n" +
           r42_line("c3", "c1", kHours, "<p>Reply before its parent</p>", "2019-06-01T10:03:00Z") +
           r42_line("c1", "", kHours, "<p>First &amp; <b>bold</b></p><p>Ünïcode ✓</p>", "2019-06-01T12:01:00.123456789+02:00") +
           r42_line("c2", "c3", kHours, "<p>Reply to a reply</p>", "2019-06-01T10:04:00Z") +
           r42_line("c4", "", kHours, "", "2019-06-01T10:05:00Z", R"(,"delete":true)") +
           r42_line("c5", "c4", kHours, "<p>Answer to a deleted one</p>", "2019-06-01T10:06:00Z") +
           r42_line("c6", "", kHours, "", "2019-06-01T10:07:00Z", R"(,"delete":true)") +
           r42_line("c7", "", kHours, "<p> </p>", "2019-06-01T10:08:00Z") +
           r42_line("c8", "c404", kHours, "<p>Parent never exported</p>", "2019-06-01T10:09:00Z") +
           r42_line("c9", "", kClosed, "<p>On the closed story</p>", "2019-07-01T08:00:00Z") +
           r42_line("c10", "", kHours, "<p>Bad time</p>", "yesterday") + "\n" +
           R"({"id":"c11","pid":"","text":"<p>No thread</p>","user":{"name":"X","id":"x"},"locator":{},"time":"2019-06-01T10:10:00Z"})" + "\n";
}

class Remark42Import : public testing::CommentImportTest {
protected:
    domain::Result<ImportCounts> import_text(const std::string& text, bool dry_run = false) {
        return run("remark42", [&](CommentImport& import) {
            std::istringstream in(text);
            return import_remark42(in, import);
        }, dry_run);
    }
    std::string write(const std::string& name, const std::string& bytes, bool gzip) {
        const auto path = (dir.path() / name).string();
        if (gzip) {
            gzFile f = gzopen(path.c_str(), "wb");
            EXPECT_NE(f, nullptr);
            gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
            gzclose(f);
        } else {
            std::ofstream(path, std::ios::binary) << bytes;
        }
        return path;
    }
};

TEST_F(Remark42Import, ImportsThreadsCommentsStatusesAndClosedPosts) {
    auto counts = import_text(backup());
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->threads, 2);
    EXPECT_EQ(counts->comments, 8);  // c1-c6, c8, c9
    EXPECT_EQ(counts->note(ImportNote::kEmptyText), 1);
    EXPECT_EQ(counts->note(ImportNote::kInvalid), 1);
    EXPECT_EQ(counts->note(ImportNote::kUnknownThread), 1);
    EXPECT_EQ(counts->note(ImportNote::kMissingParent), 1);

    auto c1 = imported("remark42", "c1");
    ASSERT_TRUE(c1);
    EXPECT_EQ(c1->page, "/2019/06/hours");
    EXPECT_EQ(c1->text, "First & bold\n\nÜnïcode ✓");
    EXPECT_EQ(c1->author.name, "Zo<ë> & Co");
    EXPECT_EQ(c1->status, CommentStatus::kApproved);
    EXPECT_EQ(domain::to_micros(c1->created_at), domain::to_micros(*domain::parse_rfc3339("2019-06-01T10:01:00.123456Z")));
    EXPECT_TRUE(c1->ip_hash.empty()) << "Remark42 keeps hashes, never addresses";
    EXPECT_FALSE(c1->parent_id);

    // Replies (also one before its parent, one to a reply) sit under the top-level comment.
    EXPECT_EQ(imported("remark42", "c3")->parent_id, c1->id);
    EXPECT_EQ(imported("remark42", "c2")->parent_id, c1->id);
    auto deleted = imported("remark42", "c4");
    EXPECT_EQ(deleted->status, CommentStatus::kDeleted);
    EXPECT_EQ(deleted->text, "");
    EXPECT_EQ(imported("remark42", "c5")->parent_id, deleted->id);
    EXPECT_EQ(imported("remark42", "c6")->status, CommentStatus::kDeleted);
    EXPECT_FALSE(imported("remark42", "c8")->parent_id);
    EXPECT_FALSE(imported("remark42", "c7"));
    EXPECT_FALSE(imported("remark42", "c10"));

    EXPECT_EQ(imported("remark42", "c9")->page, "/2019/07/closed");
    EXPECT_TRUE(closed("/2019/07/closed"));
    EXPECT_FALSE(closed("/2019/06/hours"));
    EXPECT_EQ(per_thread["/2019/06/hours"].comments, 7);

    // The same file again adds nothing.
    auto again = import_text(backup());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->comments, 0);
    EXPECT_EQ(again->threads, 0);
    EXPECT_EQ(again->note(ImportNote::kAlreadyImported), 8);
}

TEST_F(Remark42Import, EmailsComeFromTheMetaLine) {
    ASSERT_TRUE(import_text(backup()));
    EXPECT_EQ(email_of(imported("remark42", "c1")->id), "zoe@example.org");
}

TEST_F(Remark42Import, ADryRunStoresNothing) {
    auto counts = import_text(backup(), true);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->comments, 8);
    EXPECT_EQ(counts->note(ImportNote::kMissingParent), 1);
    EXPECT_FALSE(imported("remark42", "c1"));
    EXPECT_FALSE(closed("/2019/07/closed"));
}

// A backup file through the format table, as the command line and the desk read it.
domain::Result<void> file_read(const std::string& path, CommentImport& import) {
    auto r = read_comments_file("remark42", path, import);
    if (!r) return r.error();
    return {};
}

TEST_F(Remark42Import, ReadsGzipAndPlainFilesAlike) {
    auto gz = write("backup-news-20190701.gz", backup(), true);
    auto counts = run("remark42", [&](CommentImport& import) { return file_read(gz, import); });
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->comments, 8);
    EXPECT_EQ(imported("remark42", "c1")->text, "First & bold\n\nÜnïcode ✓");

    auto plain = write("backup.json", backup(), false);
    auto again = run("remark42", [&](CommentImport& import) { return file_read(plain, import); });
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->note(ImportNote::kAlreadyImported), 8);
}

TEST_F(Remark42Import, ADamagedGzipFileIsRefused) {
    std::string bytes;
    {
        auto gz = write("full.gz", backup(), true);
        std::ifstream in(gz, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto cut = write("cut.gz", bytes.substr(0, bytes.size() / 2), false);
    auto r = run("remark42", [&](CommentImport& import) { return file_read(cut, import); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, domain::ErrorCode::kMalformed);
    EXPECT_NE(r.error().message.find("damaged or cut short"), std::string::npos) << r.error().message;
}

TEST_F(Remark42Import, FilesThatAreNotBackupsAreRefused) {
    for (const std::string& text : {std::string("<?xml version=\"1.0\"?><disqus/>\n"), std::string("{\"version\":1,\"comments\":[],\"commenters\":[]}\n"),
                                   std::string(""), std::string("[1,2]\n")}) {
        auto r = import_text(text);
        ASSERT_FALSE(r) << text;
        EXPECT_EQ(r.error().code, domain::ErrorCode::kMalformed) << text;
    }
    auto version = import_text("{\"version\":7,\"users\":[],\"posts\":[]}\n");
    ASSERT_FALSE(version);
    EXPECT_NE(version.error().message.find("version"), std::string::npos);

    // A line that is not JSON further on stops the import, naming the line.
    auto broken = import_text(backup().substr(0, backup().size() / 2) + "\n" + r42_line("z1", "", kHours, "x", "2019-06-01T10:00:00Z"));
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("line "), std::string::npos) << broken.error().message;
}

}  // namespace
}  // namespace tribune::portability
