// Privacy requests about imported commenters: no account, no author token, only the email the
// import kept. Named by one of their comments or by that email, they export and erase.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/comments.hpp"
#include "service/privacy.hpp"
#include "service_fixture.hpp"

namespace tribune::service {
namespace {

using domain::CommentStatus;
using domain::ErrorCode;

class PrivacyTest : public testing::ServiceTest {
protected:
    // Two comments of Ann and a reply by Bob, as an import stores them.
    std::vector<domain::CommentId> import_ann_and_bob() {
        std::vector<store::ImportedComment> file(3);
        const char* ids[] = {"a1", "b1", "a2"};
        for (std::size_t i = 0; i < file.size(); ++i) {
            file[i].source_id = ids[i];
            file[i].page = "/2019/06/hours";
            file[i].author_name = i == 1 ? "Bob" : "Ann";
            file[i].author_email = i == 1 ? "bob@example.org" : "ann@example.org";
            file[i].text = std::string("Words of ") + ids[i];
            file[i].status = CommentStatus::kApproved;
            file[i].created_at = clock.now() - std::chrono::hours(100 - static_cast<int>(i));
        }
        file[1].parent_source_id = "a1";
        auto added = db->add_imported_comments("disqus", file);
        EXPECT_TRUE(added) << added.error().message;
        std::vector<domain::CommentId> out;
        if (added)
            for (const auto& r : *added) out.push_back(r.id);
        return out;
    }
};

TEST_F(PrivacyTest, AnImportedCommentNamesItsAuthorByTheEmailKept) {
    const auto ids = import_ann_and_bob();
    ASSERT_EQ(ids.size(), 3u);
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    auto c = ctx();
    AuthorRef by_comment;
    by_comment.comment_id = ids[2];
    auto doc = export_author(c, by_comment, admin);
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_NE(doc->find("Words of a1"), std::string::npos);
    EXPECT_NE(doc->find("Words of a2"), std::string::npos);
    EXPECT_EQ(doc->find("Words of b1"), std::string::npos);
    EXPECT_NE(doc->find("\"author_email\":\"ann@example.org\""), std::string::npos);

    auto erased = erase_author(c, by_comment, admin);
    ASSERT_TRUE(erased) << erased.error().message;
    EXPECT_EQ(erased->comments, 2);
    EXPECT_EQ(sink.comments.size(), 2u);
    auto tombstone = db->get_comment(ids[0]);
    ASSERT_TRUE(tombstone);
    EXPECT_EQ(tombstone->status, CommentStatus::kDeleted);
    EXPECT_EQ(db->get_comment(ids[1])->text, "Words of b1");

    // The audit log names them without the address.
    auto log = db->list_audit(std::nullopt, 10, "");
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 2u);
    for (const auto& e : *log) {
        EXPECT_TRUE(e.target.starts_with("email:")) << e.target;
        EXPECT_EQ(e.target.size(), 18u) << e.target;
        EXPECT_EQ(e.target.find("ann"), std::string::npos) << e.target;
    }

    // Nothing is left to name them by.
    auto gone = export_author(c, by_comment, admin);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, ErrorCode::kInvalid);
}

TEST_F(PrivacyTest, AnEmailIsCanonicalisedAndChecked) {
    const auto ids = import_ann_and_bob();
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    auto c = ctx();
    AuthorRef by_email;
    by_email.email = "  Ann@Example.ORG ";
    EXPECT_EQ(erase_author(c, by_email, staff(domain::Role::kModerator)).error().code, ErrorCode::kForbidden);
    auto erased = erase_author(c, by_email, admin);
    ASSERT_TRUE(erased) << erased.error().message;
    EXPECT_EQ(erased->comments, 2);
    EXPECT_EQ(db->get_comment(ids[2])->status, CommentStatus::kDeleted);

    for (const std::string& bad : std::vector<std::string>{"", "not-an-email", "a@b@c", "ann@example.org\n\x01",
                                                         std::string(250, 'a') + "@b.cd"}) {
        AuthorRef ref;
        ref.email = bad;
        auto refused = export_author(c, ref, admin);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::kInvalid) << bad;
        ASSERT_FALSE(refused.error().fields.empty()) << bad;
        EXPECT_EQ(refused.error().fields.front().field, "email") << bad;
    }
    AuthorRef two;
    two.email = "bob@example.org";
    two.comment_id = ids[1];
    auto both = erase_author(c, two, admin);
    ASSERT_FALSE(both);
    EXPECT_EQ(both.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(db->get_comment(ids[1])->text, "Words of b1");  // refused: nothing changed
}

}  // namespace
}  // namespace tribune::service
