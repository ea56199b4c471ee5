// The import role (store/import_store.hpp) on both engines: comments remembered by their source
// id (importing twice adds nothing), replies under their parent's top-level comment, parents that
// come later settled at the end with the replies they gathered, counts right after each call,
// and the email kept but never part of a comment's public fields.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::CommentStatus;

const domain::Time kImportT0 = domain::from_micros(1'560'000'000'000'000);

ImportedComment imported(std::string id, std::string page, std::string parent, CommentStatus status,
                         int seconds) {
    ImportedComment c;
    c.source_id = std::move(id);
    c.page = std::move(page);
    c.parent_source_id = std::move(parent);
    c.author_name = "Reader " + c.source_id;
    c.author_email = c.source_id + "@example.org";
    c.text = "Text of " + c.source_id;
    c.status = status;
    c.created_at = kImportT0 + std::chrono::seconds(seconds);
    return c;
}

template <class Factory>
class ImportContract : public ::testing::Test {
protected:
    void SetUp() override { store_ = factory_.open(); }
    Store& store() { return *store_; }

    std::vector<ImportedCommentResult> add(const std::vector<ImportedComment>& comments,
                                           std::string_view source = "disqus") {
        auto r = store().add_imported_comments(source, comments);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : std::vector<ImportedCommentResult>{};
    }

    domain::Comment get(domain::CommentId id) {
        auto c = store().get_comment(id);
        EXPECT_TRUE(c.has_value());
        return c ? *c : domain::Comment{};
    }

    std::int64_t count(std::string_view page) {
        auto n = store().count_approved(page);
        EXPECT_TRUE(n.has_value());
        return n ? *n : -1;
    }

    // Settles every pending comment of `source`; returns how many found their parent.
    int settle(std::string_view source = "disqus") {
        int found = 0;
        for (int guard = 0; guard < 100; ++guard) {
            auto pending = store().pending_parents(source, 0, 10);
            EXPECT_TRUE(pending.has_value());
            if (!pending || pending->empty()) return found;
            for (const auto& p : *pending) {
                auto ok = store().settle_parent(source, p);
                EXPECT_TRUE(ok.has_value());
                if (ok && *ok) ++found;
            }
        }
        ADD_FAILURE() << "settling did not end";
        return found;
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(ImportContract, testing::Engines);

TYPED_TEST(ImportContract, KeepsTimesStatusesAndTwoLevelThreads) {
    auto r = this->add({imported("1", "/2019/06/hours", "", CommentStatus::kApproved, 0),
                        imported("2", "/2019/06/hours", "1", CommentStatus::kApproved, 10),
                        imported("3", "/2019/06/hours", "2", CommentStatus::kApproved, 20),  // a reply to a reply
                        imported("4", "/2019/06/hours", "", CommentStatus::kSpam, 30),
                        imported("5", "/2019/06/hours", "1", CommentStatus::kPending, 40)});
    ASSERT_EQ(r.size(), 5u);
    for (const auto& x : r) EXPECT_TRUE(x.added);
    const auto top = this->get(r[0].id);
    EXPECT_EQ(top.created_at, kImportT0);
    EXPECT_EQ(top.author.name, "Reader 1");
    EXPECT_EQ(top.status, CommentStatus::kApproved);
    EXPECT_EQ(top.reply_count, 2);  // 2 and 3 approved; 5 pending
    EXPECT_EQ(this->get(r[1].id).parent_id, r[0].id);
    EXPECT_EQ(this->get(r[2].id).parent_id, r[0].id);  // under the top-level comment
    EXPECT_EQ(this->get(r[3].id).status, CommentStatus::kSpam);
    EXPECT_EQ(this->count("/2019/06/hours"), 3);
}

TYPED_TEST(ImportContract, ImportingTwiceAddsNothing) {
    const std::vector<ImportedComment> file{imported("a", "/p", "", CommentStatus::kApproved, 0),
                                            imported("b", "/p", "a", CommentStatus::kApproved, 5)};
    auto first = this->add(file);
    auto again = this->add(file);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_FALSE(again[0].added);
    EXPECT_FALSE(again[1].added);
    EXPECT_EQ(again[0].id, first[0].id);
    EXPECT_EQ(again[1].id, first[1].id);
    EXPECT_EQ(this->count("/p"), 2);
    // The same ids from another source are other comments.
    auto other = this->add(file, "wordpress");
    EXPECT_TRUE(other[0].added);
    EXPECT_EQ(this->count("/p"), 4);
    auto known = this->store().imported_comments("disqus", {"b", "zzz"});
    ASSERT_TRUE(known.has_value());
    EXPECT_EQ((*known)[0], first[1].id);
    EXPECT_FALSE((*known)[1].has_value());
}

TYPED_TEST(ImportContract, ParentsThatComeLaterAreSettledWithTheirReplies) {
    // 12 replies to 11, which replies to 10; 10 comes last; 99 never comes.
    auto r = this->add({imported("12", "/late", "11", CommentStatus::kApproved, 30),
                        imported("11", "/late", "10", CommentStatus::kApproved, 20),
                        imported("orphan", "/late", "99", CommentStatus::kApproved, 40)});
    EXPECT_TRUE(r[0].parent_pending);
    EXPECT_TRUE(r[1].parent_pending);
    EXPECT_TRUE(r[2].parent_pending);
    EXPECT_FALSE(this->get(r[0].id).parent_id.has_value());  // top level until settled
    auto last = this->add({imported("10", "/late", "", CommentStatus::kApproved, 10)});
    EXPECT_EQ(this->settle(), 2);  // 12 under 11, then 11 under 10 with 12; the orphan stays top level
    EXPECT_EQ(this->get(r[1].id).parent_id, last[0].id);
    EXPECT_EQ(this->get(r[0].id).parent_id, last[0].id);
    EXPECT_FALSE(this->get(r[2].id).parent_id.has_value());
    EXPECT_EQ(this->get(last[0].id).reply_count, 2);
    EXPECT_EQ(this->get(r[1].id).reply_count, 0);
    EXPECT_EQ(this->count("/late"), 4);
    auto none = this->store().pending_parents("disqus", 0, 10);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(ImportContract, AParentOnAnotherPageIsNotAParent) {
    auto r = this->add({imported("x", "/one", "", CommentStatus::kApproved, 0),
                        imported("y", "/two", "x", CommentStatus::kApproved, 1)});
    EXPECT_TRUE(r[1].parent_pending);
    EXPECT_EQ(this->settle(), 0);
    EXPECT_FALSE(this->get(r[1].id).parent_id.has_value());
}

TYPED_TEST(ImportContract, RemembersThreadPages) {
    auto first = this->store().remember_threads("disqus", {{"t1", "/a"}, {"t2", "/b"}});
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(*first, 2);
    auto again = this->store().remember_threads("disqus", {{"t1", "/changed"}});
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0);
    auto pages = this->store().thread_pages("disqus", {"t1", "t2", "t3"});
    ASSERT_TRUE(pages.has_value());
    EXPECT_EQ((*pages)[0], std::optional<std::string>("/a"));
    EXPECT_EQ((*pages)[1], std::optional<std::string>("/b"));
    EXPECT_FALSE((*pages)[2].has_value());
}

TYPED_TEST(ImportContract, RemembersArticlesAndAuthorsOnce) {
    auto first = this->store().remember_item("wordpress", "article", "12", {7, "/articles/hours"});
    ASSERT_TRUE(first.has_value());
    EXPECT_TRUE(*first);
    auto again = this->store().remember_item("wordpress", "article", "12", {8, "/articles/other"});
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(*again);
    auto author = this->store().remember_item("wordpress", "author", "12", {0, "ana-lopez"});
    ASSERT_TRUE(author.has_value());
    EXPECT_TRUE(*author);  // kinds are apart
    auto found = this->store().remembered_item("wordpress", "article", "12");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->local_id, 7);
    EXPECT_EQ((*found)->page, "/articles/hours");
    auto other_source = this->store().remembered_item("disqus", "article", "12");
    ASSERT_TRUE(other_source.has_value());
    EXPECT_FALSE(other_source->has_value());
    EXPECT_FALSE(this->store().remember_item("wordpress", "comment", "1", {1, "/x"}).has_value());
}

TYPED_TEST(ImportContract, PathRedirectsKeepTheFirstTarget) {
    auto added = this->store().add_path_redirect({"/2019/06/hours/", "/articles/hours"});
    ASSERT_TRUE(added.has_value());
    EXPECT_TRUE(*added);
    auto again = this->store().add_path_redirect({"/2019/06/hours/", "/articles/other"});
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(*again);
    auto found = this->store().path_redirect("/2019/06/hours/");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, std::optional<std::string>("/articles/hours"));
    auto missing = this->store().path_redirect("/2019/06/hours");
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->has_value());
    for (const std::string& bad : std::vector<std::string>{"", "/", "relative", "/" + std::string(kMaxRedirectPath, 'a')}) {
        auto r = this->store().add_path_redirect({bad, "/articles/hours"});
        ASSERT_FALSE(r.has_value()) << bad.substr(0, 20);
        EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
    }
}

// Percent-escapes are case-insensitive (RFC 3986): an old link written with either case finds the
// redirect, and the two spellings are one path. A lone '%' or a bad escape is kept as it is.
TYPED_TEST(ImportContract, PathRedirectsIgnoreTheCaseOfPercentEscapes) {
    auto added = this->store().add_path_redirect({"/caf%c3%a9/100%-sure%zz", "/articles/cafe"});
    ASSERT_TRUE(added.has_value());
    EXPECT_TRUE(*added);
    auto same = this->store().add_path_redirect({"/caf%C3%A9/100%-sure%zz", "/articles/other"});
    ASSERT_TRUE(same.has_value());
    EXPECT_FALSE(*same) << "the same path in the other case";
    for (const char* path : {"/caf%C3%A9/100%-sure%zz", "/caf%c3%A9/100%-sure%zz", "/caf%c3%a9/100%-sure%zz"}) {
        auto found = this->store().path_redirect(path);
        ASSERT_TRUE(found.has_value());
        EXPECT_EQ(*found, std::optional<std::string>("/articles/cafe")) << path;
    }
    auto other = this->store().path_redirect("/caf%C3%A9/100%-sure%ZZ");
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(other->has_value()) << "not an escape: its case counts";
}

// Imported comments have no account or token: a privacy request names their author by the email
// the import kept, which reads, counts and erases exactly that author's comments.
TYPED_TEST(ImportContract, AnImportedAuthorIsFoundAndErasedByEmail) {
    std::vector<ImportedComment> file{imported("a1", "/p", "", CommentStatus::kApproved, 0),
                                      imported("b1", "/p", "a1", CommentStatus::kApproved, 5),
                                      imported("a2", "/q", "", CommentStatus::kPending, 10),
                                      imported("n1", "/q", "", CommentStatus::kApproved, 15)};
    file[0].author_email = file[2].author_email = "ann@example.org";
    file[1].author_email = "bob@example.org";
    file[3].author_email = "";  // no email kept: never matched
    auto r = this->add(file);
    ASSERT_EQ(r.size(), 4u);
    ASSERT_TRUE(this->store().edit_comment(r[0].id, "edited words", kImportT0 + std::chrono::seconds(60), "author",
                                           std::nullopt).has_value());
    ASSERT_TRUE(this->store()
                    .add_report(r[1].id, "spam", "t:tok-z", "", kImportT0 + std::chrono::seconds(70))
                    .has_value());

    auto kept = this->store().kept_email(r[0].id);
    ASSERT_TRUE(kept.has_value()) << kept.error().message;
    EXPECT_EQ(*kept, "ann@example.org");
    auto none = this->store().kept_email(r[3].id);
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, "");
    auto missing = this->store().kept_email(r[3].id + 1000);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, domain::ErrorCode::kNotFound);

    domain::AuthorKey ann;
    ann.email = "ann@example.org";
    auto data = this->store().author_data(ann, "");
    ASSERT_TRUE(data.has_value()) << data.error().message;
    EXPECT_FALSE(data->user.has_value());
    ASSERT_EQ(data->comments.size(), 2u);
    EXPECT_EQ(data->comments[0].comment.id, r[0].id);
    EXPECT_EQ(data->comments[0].author_email, "ann@example.org");
    ASSERT_EQ(data->comments[0].edits.size(), 1u);
    EXPECT_EQ(data->comments[1].comment.id, r[2].id);
    EXPECT_TRUE(data->reports_filed.empty());
    EXPECT_TRUE(data->bans.empty());
    auto stats = this->store().author_stats(ann);
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(*stats, (domain::AuthorStats{1, 1, 0, 0, 0}));
    auto texts = this->store().recent_texts(ann, kImportT0, 10);
    ASSERT_TRUE(texts.has_value());
    EXPECT_EQ(texts->size(), 2u);

    auto erased = this->store().erase_author(ann, "");
    ASSERT_TRUE(erased.has_value()) << erased.error().message;
    EXPECT_EQ(erased->comments, 2);
    EXPECT_EQ(erased->reports, 0);
    EXPECT_FALSE(erased->user_removed);
    for (auto id : {r[0].id, r[2].id}) {
        const auto c = this->get(id);
        EXPECT_EQ(c.status, CommentStatus::kDeleted) << id;
        EXPECT_EQ(c.text, "") << id;
        EXPECT_EQ(c.author.name, "") << id;
        auto email = this->store().kept_email(id);
        ASSERT_TRUE(email.has_value());
        EXPECT_EQ(*email, "") << id;
        auto history = this->store().edit_history(id);
        ASSERT_TRUE(history.has_value());
        EXPECT_TRUE(history->empty()) << id;
    }
    // Bob's reply, its report and the comment without an email are untouched; counts follow.
    EXPECT_EQ(this->get(r[1].id).text, "Text of b1");
    auto bobs = this->store().kept_email(r[1].id);
    ASSERT_TRUE(bobs.has_value());
    EXPECT_EQ(*bobs, "bob@example.org");
    auto reports = this->store().reports_for(r[1].id);
    ASSERT_TRUE(reports.has_value());
    EXPECT_EQ(reports->size(), 1u);
    EXPECT_EQ(this->get(r[3].id).text, "Text of n1");
    EXPECT_EQ(this->count("/p"), 1);
    EXPECT_EQ(this->count("/q"), 1);

    auto after = this->store().author_data(ann, "");
    ASSERT_TRUE(after.has_value());
    EXPECT_TRUE(after->comments.empty());
    auto again = this->store().erase_author(ann, "");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->comments, 0);
}

}  // namespace
}  // namespace tribune::store
