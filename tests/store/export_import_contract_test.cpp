// The whole-store export/import and summary contract (`tribune migrate-store`): every engine
// exports what it holds exactly, and imports what any engine exported, keeping ids, statuses,
// histories, counts, Unicode and microsecond times.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::Comment;
using domain::CommentId;
using domain::CommentStatus;
using domain::ErrorCode;
using domain::NewComment;
using domain::Role;

const domain::Time kT0 = domain::from_micros(1'773'550'380'123'457);  // odd microseconds

NewComment comment(std::string page, std::string text, CommentStatus status,
                   std::optional<CommentId> parent = std::nullopt) {
    NewComment c;
    c.page = std::move(page);
    c.parent_id = parent;
    c.author.name = "Zoë 👋";
    c.author_token_hash = "hash-ü-" + c.page;
    c.text = std::move(text);
    c.status = status;
    c.created_at = kT0 + std::chrono::microseconds(13);
    return c;
}

void expect_same(const Comment& a, const Comment& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.page, b.page);
    EXPECT_EQ(a.parent_id, b.parent_id);
    EXPECT_EQ(a.author.name, b.author.name);
    EXPECT_EQ(a.author.role, b.author.role);
    EXPECT_EQ(a.author.user_id, b.author.user_id);
    EXPECT_EQ(a.author_token_hash, b.author_token_hash);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.status, b.status) << "comment " << a.id;
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.edited_at, b.edited_at);
    EXPECT_EQ(a.reply_count, b.reply_count) << "comment " << a.id;
}

void expect_same(const Article& a, const Article& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.slug, b.slug);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.summary, b.summary);
    EXPECT_EQ(a.author, b.author);
    EXPECT_EQ(a.body_markdown, b.body_markdown);
    EXPECT_EQ(a.published_at, b.published_at);
    ASSERT_EQ(a.media.has_value(), b.media.has_value());
    if (!a.media) return;
    EXPECT_EQ(a.media->kind, b.media->kind);
    EXPECT_EQ(a.media->url, b.media->url);
    EXPECT_EQ(a.media->mime_type, b.media->mime_type);
    EXPECT_EQ(a.media->duration_seconds, b.media->duration_seconds);
    EXPECT_EQ(a.media->caption, b.media->caption);
}

// An ImportSource that yields one batch, then fails.
class FailingSource final : public ImportSource {
public:
    explicit FailingSource(ExportBatch first) : first_(std::move(first)) {}
    Result<std::optional<ExportBatch>> next() override {
        if (first_) {
            auto b = std::move(*first_);
            first_.reset();
            return std::optional<ExportBatch>(std::move(b));
        }
        return domain::make_error(ErrorCode::kUnavailable, "Source lost");
    }

private:
    std::optional<ExportBatch> first_;
};

template <class Factory>
class ExportImportContract : public ::testing::Test {
protected:
    void SetUp() override { source_ = factory_.open(); }

    Store& source() { return *source_; }

    // A store with every kind of row: articles with and without media, comments of every status,
    // replies, an edited comment with its history, a deleted one (history gone), a tombstone with
    // an approved reply, a staff author, Unicode everywhere. Returns every comment id.
    std::vector<CommentId> fill() {
        Article a;
        a.slug = "grüße-aus-köln";
        a.title = "Grüße 👋 — 日本語";
        a.summary = "Sommaire « cité »";
        a.author = "Ariela Tomson";
        a.body_markdown = "# Über\n\n*Text* with \"quotes\" and <b>tags</b>.";
        a.published_at = kT0;
        domain::Media m{"video", "/media/clip.mp4", "video/mp4", 293, "Légende"};
        a.media = m;
        EXPECT_TRUE(source().insert_article(a).has_value());
        Article b = a;
        b.slug = "plain";
        b.media.reset();
        b.published_at = kT0 + std::chrono::microseconds(1);
        EXPECT_TRUE(source().insert_article(b).has_value());

        std::vector<CommentId> ids;
        auto add = [&](const NewComment& c) {
            auto r = source().insert_comment(c);
            EXPECT_TRUE(r.has_value());
            ids.push_back(r ? r->id : 0);
            return r ? r->id : 0;
        };
        const std::string page = "/articles/grüße-aus-köln";
        const CommentId top = add(comment(page, "Erster 🎉", CommentStatus::kApproved));
        add(comment(page, "pending one", CommentStatus::kPending));
        const CommentId rejected = add(comment(page, "to reject", CommentStatus::kApproved));
        const CommentId spam = add(comment(page, "to spam", CommentStatus::kPending));
        add(comment(page, "reply ✓", CommentStatus::kApproved, top));
        add(comment(page, "pending reply", CommentStatus::kPending, top));
        NewComment staff = comment("/other", "from the desk", CommentStatus::kApproved);
        staff.author = domain::Author{"Mod", Role::kModerator, 7};
        const CommentId edited = add(staff);
        const CommentId tomb = add(comment("/other", "will be a tombstone", CommentStatus::kApproved));
        add(comment("/other", "keeps the tombstone", CommentStatus::kApproved, tomb));
        const CommentId gone = add(comment("/other", "will be deleted", CommentStatus::kApproved));
        EXPECT_TRUE(source().set_status(rejected, CommentStatus::kRejected).has_value());
        EXPECT_TRUE(source().set_status(spam, CommentStatus::kSpam).has_value());
        EXPECT_TRUE(source().edit_comment(edited, "second", kT0 + std::chrono::microseconds(21), "author"));
        EXPECT_TRUE(source().edit_comment(edited, "third ✍", kT0 + std::chrono::microseconds(35), "Mod"));
        EXPECT_TRUE(source().edit_comment(gone, "edited before deletion", kT0, "author"));
        EXPECT_TRUE(source().delete_comment(gone).has_value());
        EXPECT_TRUE(source().delete_comment(tomb).has_value());
        return ids;
    }

    // Imports the source into `target`, then checks it holds exactly the same.
    void expect_faithful_copy(Store& target, const std::vector<CommentId>& ids) {
        StoreExport rows(source(), 3);  // small batches: several per table
        auto stored = target.import_all(rows, {});
        ASSERT_TRUE(stored.has_value()) << stored.error().message;
        auto want = source().summary();
        auto got = target.summary();
        ASSERT_TRUE(want.has_value());
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(*want, *got) << describe(*want) << " vs " << describe(*got);
        EXPECT_EQ(stored->articles, want->articles);
        EXPECT_EQ(stored->comments, want->comments);
        EXPECT_EQ(stored->comment_edits, want->comment_edits);
        EXPECT_EQ(stored->threads, want->threads);

        for (CommentId id : ids) {
            auto a = source().get_comment(id);
            auto b = target.get_comment(id);
            ASSERT_TRUE(a.has_value());
            ASSERT_TRUE(b.has_value()) << "comment " << id;
            expect_same(*a, *b);
            auto ha = source().edit_history(id);
            auto hb = target.edit_history(id);
            ASSERT_TRUE(ha.has_value());
            ASSERT_TRUE(hb.has_value());
            ASSERT_EQ(ha->size(), hb->size()) << "comment " << id;
            for (std::size_t i = 0; i < ha->size(); ++i) {
                EXPECT_EQ((*ha)[i].text, (*hb)[i].text);
                EXPECT_EQ((*ha)[i].replaced_at, (*hb)[i].replaced_at);
                EXPECT_EQ((*ha)[i].edited_by, (*hb)[i].edited_by);
            }
        }
        for (const char* page : {"/articles/grüße-aus-köln", "/other", "/none"})
            EXPECT_EQ(*source().count_approved(page), *target.count_approved(page)) << page;
        for (const char* slug : {"grüße-aus-köln", "plain"}) {
            auto a = source().get_article(slug);
            auto b = target.get_article(slug);
            ASSERT_TRUE(a.has_value());
            ASSERT_TRUE(b.has_value());
            expect_same(*a, *b);
        }
        ListQuery q;
        q.limit = 100;
        q.filter = StatusFilter::kDefault;
        auto la = source().list_comments("/other", q);
        auto lb = target.list_comments("/other", q);
        ASSERT_TRUE(la && lb);
        ASSERT_EQ(la->comments.size(), lb->comments.size());  // the tombstone shows on both

        // New rows get fresh ids above the imported ones, and the counts move on from there.
        const CommentId max_id = *std::max_element(ids.begin(), ids.end());
        auto fresh = target.insert_comment(comment("/other", "after the move", CommentStatus::kApproved));
        ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
        EXPECT_GT(fresh->id, max_id);
        EXPECT_EQ(*target.count_approved("/other"), *source().count_approved("/other") + 1);
        Article later;
        later.slug = "later";
        later.title = later.summary = later.author = later.body_markdown = "x";
        later.published_at = kT0;
        auto art = target.insert_article(later);
        ASSERT_TRUE(art.has_value());
        EXPECT_GT(art->id, 2);
        auto more = target.edit_comment(fresh->id, "edited after the move", kT0, "author");
        ASSERT_TRUE(more.has_value());
        EXPECT_EQ(target.edit_history(fresh->id)->size(), 1u);
    }

    Factory factory_;
    std::unique_ptr<Store> source_;
};

TYPED_TEST_SUITE(ExportImportContract, testing::Engines);

TYPED_TEST(ExportImportContract, ImportIntoSqliteIsAFaithfulCopy) {
    const auto ids = this->fill();
    testing::SqliteFactory target_factory;
    auto target = target_factory.open();
    this->expect_faithful_copy(*target, ids);
}

TYPED_TEST(ExportImportContract, ImportIntoPostgresIsAFaithfulCopy) {
    const auto ids = this->fill();
    testing::PgFactory target_factory;
    auto target = target_factory.open();
    this->expect_faithful_copy(*target, ids);
}

TYPED_TEST(ExportImportContract, ExportWalksEveryTableInIdOrderInBatches) {
    const auto ids = this->fill();
    std::vector<CommentId> seen;
    std::vector<std::int64_t> articles;
    int batches = 0;
    StoreExport rows(this->source(), 4, [&](const ExportBatch&) { ++batches; });
    for (;;) {
        auto batch = rows.next();
        ASSERT_TRUE(batch.has_value());
        if (!*batch) break;
        EXPECT_LE(rows_in(**batch), 4u);
        if (auto* a = std::get_if<std::vector<Article>>(&**batch))
            for (const Article& x : *a) articles.push_back(x.id);
        if (auto* c = std::get_if<std::vector<CommentRecord>>(&**batch)) {
            EXPECT_TRUE(articles.size() == 2u) << "articles come first";
            for (const CommentRecord& r : *c) seen.push_back(r.comment.id);
        }
    }
    EXPECT_EQ(articles.size(), 2u);
    EXPECT_EQ(seen, ids);  // every comment once, in id order
    EXPECT_EQ(batches, 1 + 3);  // 2 articles; 10 comments in 4 + 4 + 2
}

TYPED_TEST(ExportImportContract, SummaryCountsRowsAndChangesWithContent) {
    auto empty = this->source().summary();
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->articles + empty->comments + empty->comment_edits + empty->threads, 0);
    const auto ids = this->fill();
    auto full = this->source().summary();
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->articles, 2);
    EXPECT_EQ(full->comments, 10);
    EXPECT_EQ(full->comment_edits, 2);  // the deleted comment's history went with it
    EXPECT_EQ(full->threads, 2);
    EXPECT_EQ(*this->source().summary(), *full);  // stable
    ASSERT_TRUE(this->source().set_status(ids[1], CommentStatus::kApproved).has_value());
    auto changed = this->source().summary();
    ASSERT_TRUE(changed.has_value());
    EXPECT_NE(changed->checksum, full->checksum);
    EXPECT_FALSE(summary_differences(*full, *changed).empty());
}

TYPED_TEST(ExportImportContract, ImportRefusesANonEmptyStoreUnlessReplacing) {
    const auto ids = this->fill();
    TypeParam target_factory;
    auto target = target_factory.open();
    NewComment other = comment("/elsewhere", "already here", CommentStatus::kApproved);
    ASSERT_TRUE(target->insert_comment(other).has_value());
    auto before = target->summary();

    StoreExport rows(this->source());
    auto refused = target->import_all(rows, {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(*target->summary(), *before);  // nothing changed

    StoreExport again(this->source());
    auto replaced = target->import_all(again, ImportOptions{true});
    ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
    EXPECT_EQ(*target->summary(), *this->source().summary());
    EXPECT_EQ(*target->count_approved("/elsewhere"), 0);
    EXPECT_EQ(target->get_comment(ids.back())->id, ids.back());
}

TYPED_TEST(ExportImportContract, AFailedImportLeavesNothingBehind) {
    TypeParam target_factory;
    auto target = target_factory.open();
    std::vector<Article> one(1);
    one[0].id = 5;
    one[0].slug = "half";
    one[0].published_at = kT0;
    FailingSource source{ExportBatch(std::move(one))};
    auto failed = target->import_all(source, {});
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(*target->is_empty());
    EXPECT_EQ(target->get_article("half").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tribune::store
