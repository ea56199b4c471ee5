// A Commento export into the store: commenters (and anonymous ones), states, deleted comments
// with and without replies, replies before their parents, missing parents, empty texts, unicode;
// documents that are not Commento exports.
#include "portability/commento_import.hpp"

#include <sstream>

#include "comment_import_fixture.hpp"

namespace tribune::portability {
namespace {

using domain::CommentStatus;

std::string commento_item(const std::string& hex, const std::string& parent, const std::string& markdown,
                    const std::string& state = "approved", const std::string& extra = {},
                    const std::string& commenter = "c0ffee", const std::string& path = "/2019/06/hours") {
    return R"({"commentHex":")" + hex + R"(","domain":"old.example","url":")" + path + R"(","commenterHex":")" +
           commenter + R"(","markdown":")" + markdown + R"(","html":"","parentHex":")" + parent +
           R"(","score":0,"state":")" + state + R"(","creationDate":"2021-03-12T11:2)" + hex.substr(hex.size() - 1) +
           R"(:56.722181Z","direction":0)" + extra + "}";
}

std::string export_json() {
    return R"({"version":1,"comments":[)" +
           commento_item("a3", "a1", "Reply before its parent") + "," +
           commento_item("a1", "root", "First *one*\\n\\nÜnïcode ✓") + "," +
           commento_item("a2", "a3", "Reply to a reply", "approved", "", "anonymous") + "," +
           commento_item("a4", "root", "Held", "unapproved") + "," +
           commento_item("a5", "root", "Buy pills", "flagged") + "," +
           commento_item("a6", "root", "[deleted]", "approved", R"(,"deleted":true)") + "," +
           commento_item("a7", "a6", "Answer to a deleted one") + "," +
           commento_item("a8", "root", "  ") + "," +
           commento_item("a9", "b404", "Parent never exported") + "," +
           R"({"commentHex":"b1","domain":"old.example","url":"","commenterHex":"nobody","markdown":"",)"
           R"("html":"<p>Only <b>html</b></p>","parentHex":"root","state":"approved","creationDate":"2021-03-12T11:20:00Z"},)"
           R"({"commentHex":"b2","url":"/x","commenterHex":"c0ffee","markdown":"Bad time","parentHex":"root","creationDate":"soon"})"
           R"(],"commenters":[{"commenterHex":"c0ffee","email":" Zoe@Example.ORG","name":"Zoë","link":"","photo":"",)"
           R"("provider":"commento","joinDate":"2021-03-01T00:00:00Z","isModerator":false}]})";
}

class CommentoImport : public testing::CommentImportTest {
protected:
    domain::Result<ImportCounts> import_text(const std::string& text, bool dry_run = false) {
        return run("commento", [&](CommentImport& import) {
            std::istringstream in(text);
            return import_commento(in, import);
        }, dry_run);
    }
};

TEST_F(CommentoImport, ImportsCommentsStatesAndCommenters) {
    auto counts = import_text(export_json());
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->threads, 2);   // /2019/06/hours and "/" (an empty path)
    EXPECT_EQ(counts->comments, 9);  // a1-a7, a9, b1
    EXPECT_EQ(counts->note(ImportNote::kEmptyText), 1);
    EXPECT_EQ(counts->note(ImportNote::kInvalid), 1);
    EXPECT_EQ(counts->note(ImportNote::kMissingParent), 1);

    auto first = imported("commento", "a1");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->page, "/2019/06/hours");
    EXPECT_EQ(first->text, "First *one*\n\nÜnïcode ✓");
    EXPECT_EQ(first->author.name, "Zoë");
    EXPECT_EQ(email_of(first->id), "zoe@example.org");
    EXPECT_EQ(domain::to_micros(first->created_at), domain::to_micros(*domain::parse_rfc3339("2021-03-12T11:21:56.722181Z")));

    EXPECT_EQ(imported("commento", "a3")->parent_id, first->id);
    auto anonymous = imported("commento", "a2");
    EXPECT_EQ(anonymous->parent_id, first->id);
    EXPECT_EQ(anonymous->author.name, "Anonymous");
    EXPECT_EQ(imported("commento", "a4")->status, CommentStatus::kPending);
    EXPECT_EQ(imported("commento", "a5")->status, CommentStatus::kSpam);
    auto deleted = imported("commento", "a6");
    EXPECT_EQ(deleted->status, CommentStatus::kDeleted);
    EXPECT_EQ(deleted->text, "");
    EXPECT_EQ(imported("commento", "a7")->parent_id, deleted->id);
    EXPECT_FALSE(imported("commento", "a8"));
    EXPECT_FALSE(imported("commento", "a9")->parent_id);
    auto html_only = imported("commento", "b1");
    EXPECT_EQ(html_only->page, "/");
    EXPECT_EQ(html_only->text, "Only html");
    EXPECT_EQ(html_only->author.name, "No Name");

    auto again = import_text(export_json());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->comments, 0);
    EXPECT_EQ(again->note(ImportNote::kAlreadyImported), 9);
}

TEST_F(CommentoImport, ADryRunStoresNothing) {
    auto counts = import_text(export_json(), true);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->comments, 9);
    EXPECT_FALSE(imported("commento", "a1"));
}

TEST_F(CommentoImport, DocumentsThatAreNotCommentoExportsAreRefused) {
    for (const std::string& text : {std::string("{\"version\":1,\"users\":[]}"), std::string("[1]"),
                                   std::string("{\"version\":1,\"comments\":[]"), std::string("<disqus/>")}) {
        auto r = import_text(text);
        ASSERT_FALSE(r) << text;
        EXPECT_EQ(r.error().code, domain::ErrorCode::kMalformed) << text;
    }
    auto version = import_text(R"({"version":2,"comments":[]})");
    ASSERT_FALSE(version);
    EXPECT_NE(version.error().message.find("version"), std::string::npos);
}

}  // namespace
}  // namespace tribune::portability
