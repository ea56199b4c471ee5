// The articles use cases: who may write, what a draft becomes, visibility, slugs, versions.
#include "service/articles.hpp"

#include <gtest/gtest.h>

#include "service/article_revisions.hpp"
#include "service/records_json.hpp"
#include "service_fixture.hpp"

namespace tribune::service::testing {
namespace {

using domain::ArticleStatus;
using domain::ErrorCode;

class ArticlesTest : public ServiceTest {
protected:
    ArticleDraft draft(std::string title) {
        ArticleDraft d;
        d.title = std::move(title);
        d.body_markdown = "Body with **bold**.";
        d.authors = std::vector<std::string>{"Maren Oyelaran"};
        return d;
    }
    Actor editor() {
        if (!editor_) editor_ = staff(domain::Role::kAdmin, "Edna");
        return *editor_;
    }

private:
    std::optional<Actor> editor_;
};

TEST_F(ArticlesTest, OnlyEditorsWrite) {
    auto c = ctx();
    auto anonymous = create_article(c, reader(), draft("A"));
    ASSERT_FALSE(anonymous);
    EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthenticated);
    auto moderator = create_article(c, staff(domain::Role::kModerator), draft("A"));
    ASSERT_FALSE(moderator);
    EXPECT_EQ(moderator.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(sink.articles.empty());
    EXPECT_TRUE(create_article(c, editor(), draft("A")));
    EXPECT_TRUE(create_article(c, Actor::command_line_operator(), draft("B")));
}

TEST_F(ArticlesTest, ADraftBecomesAPublishedArticleWithSlugNamesAndAVersion) {
    auto c = ctx();
    ArticleDraft d = draft("Café Ölund reopens — at last!");
    d.authors = std::vector<std::string>{"Ana Núñez", " Idris Callow ", "ana nunez"};
    d.section = "Business & Trade";
    d.tags = std::vector<std::string>{"Cafés", "Reopenings", "cafes"};
    d.media = std::vector<MediaDraft>{{"/media/photo.JPG?v=2", "A café", "Open again", "© Ana", {}, 0, 800, 600}};
    auto a = create_article(c, editor(), d);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(a->slug, "cafe-olund-reopens-at-last");
    EXPECT_EQ(a->path(), "/articles/cafe-olund-reopens-at-last");
    ASSERT_EQ(a->authors.size(), 2u) << "the same name twice is one author";
    EXPECT_EQ(a->authors[0], (domain::NamedRef{"Ana Núñez", "ana-nunez"}));
    EXPECT_EQ(a->authors[1], (domain::NamedRef{"Idris Callow", "idris-callow"}));
    EXPECT_EQ(a->byline(), "Ana Núñez and Idris Callow");
    EXPECT_EQ(a->section, (domain::NamedRef{"Business & Trade", "business-trade"}));
    EXPECT_EQ(a->tags.size(), 2u);
    ASSERT_TRUE(a->media);
    EXPECT_EQ(a->media->kind, "image");
    EXPECT_EQ(a->media->mime_type, "image/jpeg");
    EXPECT_EQ(a->status, ArticleStatus::kPublished);
    EXPECT_EQ(a->published_at, clock.now());
    EXPECT_EQ(a->revision, 1);
    ASSERT_EQ(sink.articles.size(), 1u);
    EXPECT_EQ(sink.articles[0].page_key(), a->page_key());

    auto versions = db->article_revisions(a->id, 10);
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 1u);
    EXPECT_EQ((*versions)[0].saved_by, "Edna");
    EXPECT_EQ((*versions)[0].snapshot, article_snapshot(*a));

    auto audit = db->list_audit(std::nullopt, 10, "article:" + std::to_string(a->id));
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "article.create");
    EXPECT_EQ((*audit)[0].actor, "Edna");
    EXPECT_EQ((*audit)[0].after, "{\"slug\":\"cafe-olund-reopens-at-last\",\"status\":\"published\",\"revision\":1}");
}

TEST_F(ArticlesTest, BadDraftsAreRefusedAndChangeNothing) {
    auto c = ctx();
    auto check = [&](ArticleDraft d, std::string field) {
        auto r = create_article(c, editor(), d);
        ASSERT_FALSE(r) << field;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid) << field;
        ASSERT_FALSE(r.error().fields.empty()) << field;
        EXPECT_EQ(r.error().fields[0].field, field);
    };
    ArticleDraft no_title = draft("x");
    no_title.title.reset();
    check(no_title, "title");
    check(draft("   "), "title");
    check(draft(std::string(400, 'a')), "title");
    ArticleDraft bad_slug = draft("Fine");
    bad_slug.slug = "Not A Slug";
    check(bad_slug, "slug");
    ArticleDraft bad_status = draft("Fine");
    bad_status.status = "live";
    check(bad_status, "status");
    ArticleDraft future = draft("Fine");
    future.published_at = clock.now() + std::chrono::hours(1);
    check(future, "published_at");
    ArticleDraft past_schedule = draft("Fine");
    past_schedule.status = "scheduled";
    past_schedule.published_at = clock.now() - std::chrono::hours(1);
    check(past_schedule, "published_at");
    ArticleDraft punctuation_author = draft("Fine");
    punctuation_author.authors = std::vector<std::string>{"!!!"};
    check(punctuation_author, "authors");
    ArticleDraft bidi = draft("Fine");
    bidi.tags = std::vector<std::string>{"evil\u202Etag"};
    check(bidi, "tags");
    ArticleDraft odd_media = draft("Fine");
    odd_media.media = std::vector<MediaDraft>{{"/files/report.pdf", "", "", "", {}, 0, 0, 0}};
    check(odd_media, "media");
    store::ArticleQuery all;
    all.status.reset();
    EXPECT_TRUE(db->list_articles(all)->empty());
    EXPECT_TRUE(sink.articles.empty());
}

TEST_F(ArticlesTest, ReadersSeePublishedArticlesOnlyAndEditorsEverything) {
    auto c = ctx();
    ArticleDraft d = draft("Embargoed");
    d.status = "draft";
    ASSERT_TRUE(create_article(c, editor(), d));
    ASSERT_TRUE(create_article(c, editor(), draft("Public")));
    EXPECT_EQ(read_article(c, reader(), "embargoed").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(read_article(c, editor(), "embargoed"));
    EXPECT_TRUE(read_article(c, reader(), "public"));

    ASSERT_TRUE(unpublish_article(c, editor(), "public"));
    EXPECT_EQ(read_article(c, reader(), "public").error().code, ErrorCode::kGone);
    EXPECT_EQ(read_article(c, editor(), "public")->status, ArticleStatus::kUnpublished);

    store::ArticleQuery drafts;
    drafts.status = ArticleStatus::kDraft;
    EXPECT_EQ(list_articles(c, reader(), drafts).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(list_articles(c, editor(), drafts)->size(), 1u);
    EXPECT_TRUE(list_articles(c, reader(), store::ArticleQuery{})->empty()) << "nothing published now";
}

TEST_F(ArticlesTest, PublishingADraftDatesItThenAndUpdatesShowLater) {
    auto c = ctx();
    ArticleDraft d = draft("Slow story");
    d.status = "draft";
    auto a = create_article(c, editor(), d);
    ASSERT_TRUE(a);
    clock.advance(std::chrono::hours(3));
    ArticleDraft publish;
    publish.status = "published";
    auto published = update_article(c, editor(), "slow-story", publish);
    ASSERT_TRUE(published);
    EXPECT_EQ(published->published_at, clock.now());
    EXPECT_FALSE(published->shows_updated());
    clock.advance(std::chrono::hours(1));
    ArticleDraft fix;
    fix.summary = "Now with a summary";
    auto fixed = update_article(c, editor(), "slow-story", fix);
    ASSERT_TRUE(fixed);
    EXPECT_TRUE(fixed->shows_updated());
    EXPECT_EQ(fixed->revision, 3);
    EXPECT_EQ(fixed->body_markdown, "Body with **bold**.") << "fields not sent are kept";
}

TEST_F(ArticlesTest, PublishingAFileAgainUpdatesTheArticleWithItsSlug) {
    auto c = ctx();
    const auto operator_ = Actor::command_line_operator();
    auto first = publish_article(c, operator_, draft("Harbour report"));
    ASSERT_TRUE(first);
    ArticleDraft again = draft("Harbour report");
    again.body_markdown = "Second take.";
    auto second = publish_article(c, operator_, again);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, first->id);
    EXPECT_EQ(second->revision, 2);
    EXPECT_EQ(db->article_revision(first->id, 2)->saved_by, "cli");
}

TEST_F(ArticlesTest, AScheduledArticleGoesOutOnceAtItsTime) {
    auto c = ctx();
    ArticleDraft d = draft("Embargo lifts at noon");
    d.status = "scheduled";
    d.published_at = clock.now() + std::chrono::minutes(30);
    auto a = create_article(c, editor(), d);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(publish_due_articles(c).value(), 0) << "not yet";
    EXPECT_EQ(read_article(c, reader(), a->slug).error().code, ErrorCode::kNotFound);
    clock.advance(std::chrono::minutes(31));
    EXPECT_EQ(publish_due_articles(c).value(), 1);
    EXPECT_EQ(publish_due_articles(c).value(), 0) << "once";
    auto out = read_article(c, reader(), a->slug);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, ArticleStatus::kPublished);
    EXPECT_EQ(out->published_at, *d.published_at) << "dated at its announced time";
    EXPECT_FALSE(out->shows_updated());
    EXPECT_EQ(db->article_revision(a->id, 2)->saved_by, "scheduler");
}

TEST_F(ArticlesTest, AnEditWithoutABaseDoesNotUndoASaveMadeMeanwhile) {
    auto c = ctx();
    auto a = create_article(c, editor(), draft("Contested"));
    ASSERT_TRUE(a);
    // What an editor read, then someone else unpublished it before the editor's save landed.
    ArticleDraft off;
    off.status = "unpublished";
    ASSERT_TRUE(update_article(c, editor(), a->slug, off));
    domain::Article stale = *a;
    stale.title = "Typo fixed";
    store::ArticleSave save{stale, stale.revision, "Edna", "{}"};
    EXPECT_EQ(db->save_article(save).error().code, ErrorCode::kConflict);
    EXPECT_EQ(db->get_article(a->slug)->status, ArticleStatus::kUnpublished);
}

TEST_F(ArticlesTest, NamesAreBoundedBeforeAnyWork) {
    auto c = ctx();
    ArticleDraft d = draft("Many tags");
    d.tags = std::vector<std::string>(31, "tag");
    auto r = create_article(c, editor(), d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().fields.at(0).field, "tags");
    ArticleDraft long_name = draft("Long name");
    long_name.authors = std::vector<std::string>{std::string(121, 'a')};
    EXPECT_EQ(create_article(c, editor(), long_name).error().fields.at(0).field, "authors");
}

TEST_F(ArticlesTest, VersionsReadBackAndARestoreIsANewVersionKeepingSlugAndStatus) {
    auto c = ctx();
    ArticleDraft d = draft("Harbour fees rise");
    d.tags = std::vector<std::string>{"Harbour"};
    d.media = std::vector<MediaDraft>{{"/media/quay.mp4", "The quay", "At dawn", "Ana", {}, 293, 640, 360}};
    auto a = create_article(c, editor(), d);
    ASSERT_TRUE(a);
    ArticleDraft change;
    change.body_markdown = "Second body.";
    change.tags = std::vector<std::string>{};
    change.media = std::vector<MediaDraft>{};
    change.slug = "harbour-fees";
    ASSERT_TRUE(update_article(c, editor(), a->slug, change));

    auto versions = article_versions(c, editor(), "harbour-fees");
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].number, 2);
    const auto& first = (*versions)[1].article;
    EXPECT_EQ(first.slug, "harbour-fees-rise");
    EXPECT_EQ(first.body_markdown, "Body with **bold**.");
    ASSERT_EQ(first.tags.size(), 1u);
    ASSERT_TRUE(first.media);
    EXPECT_EQ(first.media->duration_seconds, 293);
    EXPECT_EQ(first.media->width, 640);

    auto stale = restore_article_version(c, editor(), "harbour-fees", 1, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    auto restored = restore_article_version(c, editor(), "harbour-fees", 1, 2);
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_EQ(restored->revision, 3);
    EXPECT_EQ(restored->slug, "harbour-fees") << "the address stays";
    EXPECT_EQ(restored->status, ArticleStatus::kPublished);
    EXPECT_EQ(restored->body_markdown, "Body with **bold**.");
    ASSERT_TRUE(restored->media);
    EXPECT_EQ(restored->media->kind, "video");
    EXPECT_EQ(restored->media->duration_seconds, 293);
    EXPECT_EQ(restored->tags.size(), 1u);

    auto missing = article_version(c, editor(), "harbour-fees", 9);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    auto moderator = article_versions(c, staff(domain::Role::kModerator), "harbour-fees");
    ASSERT_FALSE(moderator);
    EXPECT_EQ(moderator.error().code, ErrorCode::kForbidden);
    auto author = article_versions(c, staff(domain::Role::kAuthor, "Ana"), "harbour-fees");
    ASSERT_FALSE(author);
    EXPECT_EQ(author.error().code, ErrorCode::kForbidden);
}

TEST_F(ArticlesTest, APreviewFollowsTheSaveRulesAndSavesNothing) {
    auto c = ctx();
    auto a = create_article(c, editor(), draft("Bridge closes"));
    ASSERT_TRUE(a);
    ArticleDraft change;
    change.title = "Bridge closes for a week";
    change.body_markdown = "New text.";
    auto p = preview_article(c, editor(), a->slug, change);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->title, "Bridge closes for a week");
    EXPECT_EQ(p->slug, a->slug);
    EXPECT_EQ(p->id, a->id);
    auto fresh = preview_article(c, editor(), "", draft("Not saved yet"));
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->slug, "not-saved-yet");
    EXPECT_EQ(fresh->id, 0);
    ArticleDraft bad;
    bad.title = "";
    auto invalid = preview_article(c, editor(), a->slug, bad);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, ErrorCode::kInvalid);
    auto stored = db->get_article(a->slug);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->title, "Bridge closes");
    EXPECT_EQ(stored->revision, 1);
    EXPECT_EQ(sink.articles.size(), 1u) << "a preview announces nothing";
    // An author previews drafts only, and never someone else's article.
    auto author = preview_article(c, staff(domain::Role::kAuthor, "Ana"), a->slug, change);
    ASSERT_FALSE(author);
}

}  // namespace
}  // namespace tribune::service::testing
