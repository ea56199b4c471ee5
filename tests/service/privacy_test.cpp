// Privacy requests about imported commenters: no account, no author token, only the email the
// import kept. Named by one of their comments or by that email, they export and erase.
#include <gtest/gtest.h>

#include <boost/json.hpp>

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

// Their mail is their data too: the address's state, the threads they stopped and the mail made
// for them (not other people's) are in the export under "mail", and go with the erasure.
TEST_F(PrivacyTest, TheExportCarriesTheirMailAndTheErasureTakesIt) {
    import_ann_and_bob();
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    ASSERT_TRUE(db->confirm_mail_address("ann@example.org", clock.now()));
    ASSERT_TRUE(db->unsubscribe_thread("ann@example.org", "/2019/06/hours", clock.now()));
    for (const char* to : {"ann@example.org", "bob@example.org"}) {
        store::NewOutboxMessage m;
        m.channel = store::OutboxChannel::kMail;
        m.event_type = "reply";
        m.recipient = to;
        m.subject_id = 42;
        m.page = "/2019/07/other";
        m.event_at = clock.now();
        m.due_at = clock.now();
        ASSERT_TRUE(db->enqueue_message(m));
    }
    auto c = ctx();
    AuthorRef by_email;
    by_email.email = "ann@example.org";
    auto doc = export_author(c, by_email, admin);
    ASSERT_TRUE(doc) << doc.error().message;
    const auto mail = boost::json::parse(*doc).as_object().at("mail").as_object();
    const auto& addresses = mail.at("addresses").as_array();
    ASSERT_EQ(addresses.size(), 1u);
    EXPECT_EQ(addresses[0].at("email").as_string(), "ann@example.org");
    EXPECT_TRUE(addresses[0].at("confirmed_at").is_string());
    EXPECT_TRUE(addresses[0].at("unsubscribed_at").is_null());
    const auto& threads = mail.at("thread_unsubscribes").as_array();
    ASSERT_EQ(threads.size(), 1u);
    EXPECT_EQ(threads[0].at("page").as_string(), "/2019/06/hours");
    const auto& messages = mail.at("messages").as_array();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].at("recipient").as_string(), "ann@example.org");
    EXPECT_EQ(messages[0].at("type").as_string(), "reply");
    EXPECT_EQ(messages[0].at("comment_id").as_string(), "42");
    EXPECT_EQ(messages[0].at("status").as_string(), "pending");
    EXPECT_TRUE(messages[0].at("sent_at").is_null());

    ASSERT_TRUE(erase_author(c, by_email, admin));
    EXPECT_FALSE(db->mail_address("ann@example.org")->has_value());
    EXPECT_FALSE(*db->thread_unsubscribed("ann@example.org", "/2019/06/hours"));
    store::MessageQuery q;
    q.channel = store::OutboxChannel::kMail;
    auto left = db->list_messages(q);
    ASSERT_TRUE(left);
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ(left->front().recipient, "bob@example.org");
}

}  // namespace
}  // namespace tribune::service
