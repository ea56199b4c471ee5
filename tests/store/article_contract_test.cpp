// The article role (store/article_store.hpp) on both engines: saving, versions, old slugs,
// names, lists with their filters and cursor, and the discussion page that stays put.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "article_helpers.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::ArticleStatus;
using domain::ErrorCode;
using domain::NamedRef;

const domain::Time kArticlesT0 = domain::from_micros(1'750'000'000'000'000);
domain::Time when(int seconds) { return kArticlesT0 + std::chrono::seconds(seconds); }

std::vector<std::string> slugs_of(const std::vector<Article>& list) {
    std::vector<std::string> out;
    for (const auto& a : list) out.push_back(a.slug);
    return out;
}

template <class Factory>
class ArticleContract : public ::testing::Test {
protected:
    void SetUp() override { store_ = factory_.open(); }
    Store& store() { return *store_; }

    Article add(std::string slug, std::string author, int published_s) {
        auto r = insert_article(store(), make_article(std::move(slug), std::move(author), when(published_s)));
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Article{};
    }

    std::vector<std::string> list(ArticleQuery q) {
        auto r = store().list_articles(q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? slugs_of(*r) : std::vector<std::string>{};
    }

private:
    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(ArticleContract, testing::Engines);

TYPED_TEST(ArticleContract, SavesEveryFieldAndReadsItBack) {
    Article a = make_article("launch", "Ariela Tomson", when(300));
    a.title = "Grüße 👋 — launch";
    a.authors.push_back({"Jörg Ñandú", "jorg-nandu"});
    a.section = NamedRef{"Städte", "stadte"};
    a.tags = {{"Köln", "koln"}, {"Reisen", "reisen"}};
    a.media = domain::Media{"video", "https://cdn.example/v.mp4", "video/mp4", 293, "Launch day 🚀", "A rocket", "© A",
                            1920, 1080};
    a.created_at = when(10);
    a.updated_at = when(300);
    auto stored = insert_article(this->store(), a);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_GT(stored->id, 0);
    EXPECT_EQ(stored->revision, 1);
    EXPECT_EQ(stored->page_key(), "/articles/launch");

    auto got = this->store().get_article("launch");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->id, stored->id);
    EXPECT_EQ(got->title, a.title);
    EXPECT_EQ(got->authors, a.authors);
    EXPECT_EQ(got->section, a.section);
    EXPECT_EQ(got->tags, a.tags);
    EXPECT_EQ(got->status, ArticleStatus::kPublished);
    EXPECT_EQ(got->published_at, when(300));
    EXPECT_EQ(got->created_at, when(10));
    EXPECT_EQ(got->revision, 1);
    ASSERT_TRUE(got->media.has_value());
    EXPECT_EQ(got->media->caption, "Launch day 🚀");
    EXPECT_EQ(got->media->alt, "A rocket");
    EXPECT_EQ(got->media->credit, "© A");
    EXPECT_EQ(got->media->width, 1920);
    EXPECT_EQ(got->media->height, 1080);
    EXPECT_EQ(got->media->duration_seconds, 293);

    auto by_page = this->store().article_for_page("/articles/launch");
    ASSERT_TRUE(by_page.has_value());
    EXPECT_EQ(by_page->id, stored->id);
    EXPECT_EQ(this->store().get_article("nothing").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().article_for_page("/nothing").error().code, ErrorCode::kNotFound);

    auto author = this->store().get_author("jorg-nandu");
    ASSERT_TRUE(author.has_value());
    EXPECT_EQ(author->name, "Jörg Ñandú");
    EXPECT_EQ(this->store().get_author("nobody").error().code, ErrorCode::kNotFound);

    EXPECT_EQ(this->store().get_section("stadte").value(), (NamedRef{"Städte", "stadte"}));
    EXPECT_EQ(this->store().get_tag("koln").value(), (NamedRef{"Köln", "koln"}));
    EXPECT_EQ(this->store().get_section("koln").error().code, ErrorCode::kNotFound) << "a tag is not a section";
    EXPECT_EQ(this->store().get_tag("stadte").error().code, ErrorCode::kNotFound) << "a section is not a tag";
}

TYPED_TEST(ArticleContract, ATakenSlugIsAConflictAndChangesNothing) {
    this->add("taken", "A", 1);
    auto dup = insert_article(this->store(), make_article("taken", "B", when(2)));
    ASSERT_FALSE(dup.has_value());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().get_article("taken")->lead_author(), "A");
    EXPECT_EQ(this->store().get_author("b").error().code, ErrorCode::kNotFound) << "rolled back";
}

TYPED_TEST(ArticleContract, UpdatesKeepEveryVersionAndRefuseAStaleBase) {
    Article a = this->add("story", "A", 1);
    a.title = "Second";
    a.updated_at = when(5);
    ArticleSave save{a, 1, "user:1", "{\"v\":2}"};
    auto second = this->store().save_article(save);
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_EQ(second->revision, 2);
    // Another editor who started from version 1 too is told, and nothing changes.
    a.title = "Third";
    auto stale = this->store().save_article(ArticleSave{a, 1, "user:2", "{\"v\":3}"});
    ASSERT_FALSE(stale.has_value());
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().get_article("story")->title, "Second");

    auto versions = this->store().article_revisions(a.id, 10);
    ASSERT_TRUE(versions.has_value());
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].number, 2);
    EXPECT_EQ((*versions)[0].saved_by, "user:1");
    EXPECT_EQ((*versions)[0].snapshot, "{\"v\":2}");
    EXPECT_EQ((*versions)[0].saved_at, when(5));
    EXPECT_EQ((*versions)[1].number, 1);
    auto first = this->store().article_revision(a.id, 1);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->saved_by, "test");
    EXPECT_EQ(this->store().article_revision(a.id, 9).error().code, ErrorCode::kNotFound);

    Article ghost = a;
    ghost.id = 999999;
    EXPECT_EQ(this->store().save_article(ArticleSave{ghost, std::nullopt, "x", "{}"}).error().code,
              ErrorCode::kNotFound);
}

TYPED_TEST(ArticleContract, ANewSlugRedirectsTheOldOneAndKeepsTheDiscussion) {
    Article a = this->add("old-name", "A", 1);
    a.slug = "new-name";
    auto renamed = insert_article(this->store(), a);
    ASSERT_TRUE(renamed.has_value()) << renamed.error().message;
    EXPECT_EQ(renamed->page_key(), "/articles/old-name") << "the comments stay with the article";
    EXPECT_EQ(this->store().article_redirect("old-name").value(), std::optional<std::string>("new-name"));
    EXPECT_EQ(this->store().article_redirect("never").value(), std::nullopt);
    EXPECT_EQ(this->store().get_article("old-name").error().code, ErrorCode::kNotFound);

    // A new article may take the old slug: it stops redirecting, and gets a discussion of its own.
    auto newcomer = insert_article(this->store(), make_article("old-name", "B", when(9)));
    ASSERT_TRUE(newcomer.has_value()) << newcomer.error().message;
    EXPECT_EQ(newcomer->page_key(), "/articles/old-name-2");
    EXPECT_EQ(this->store().article_redirect("old-name").value(), std::nullopt);
    // Renaming back onto a slug another article holds is a conflict.
    a = *renamed;
    a.slug = "old-name";
    EXPECT_EQ(insert_article(this->store(), a).error().code, ErrorCode::kConflict);
}

TYPED_TEST(ArticleContract, ListsFilterAndPageNewestFirst) {
    this->add("older", "Ariela Tomson", 100);
    Article launch = make_article("launch", "Ariela Tomson", when(300));
    launch.section = NamedRef{"Harbour", "harbour"};
    launch.tags = {{"Tides", "tides"}};
    ASSERT_TRUE(insert_article(this->store(), launch).has_value());
    this->add("newest", "Ariela Tomson", 400);
    Article other = make_article("other", "Someone Else", when(500));
    other.tags = {{"Tides", "tides"}, {"Boats", "boats"}};
    ASSERT_TRUE(insert_article(this->store(), other).has_value());
    Article draft = make_article("draft", "Ariela Tomson", when(600));
    draft.status = ArticleStatus::kDraft;
    ASSERT_TRUE(insert_article(this->store(), draft).has_value());

    ArticleQuery q;
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"other", "newest", "launch", "older"})) << "published only";
    q.limit = 2;
    auto page = this->store().list_articles(q).value();
    EXPECT_EQ(slugs_of(page), (std::vector<std::string>{"other", "newest"}));
    q.after = std::pair{page.back().published_at, page.back().id};
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"launch", "older"}));

    ArticleQuery by_author;
    by_author.author = "ariela-tomson";
    by_author.exclude = "launch";
    EXPECT_EQ(this->list(by_author), (std::vector<std::string>{"newest", "older"}));
    ArticleQuery by_tag;
    by_tag.tag = "tides";
    EXPECT_EQ(this->list(by_tag), (std::vector<std::string>{"other", "launch"}));
    ArticleQuery by_section;
    by_section.section = "harbour";
    EXPECT_EQ(this->list(by_section), (std::vector<std::string>{"launch"}));
    ArticleQuery drafts;
    drafts.status = ArticleStatus::kDraft;
    EXPECT_EQ(this->list(drafts), (std::vector<std::string>{"draft"}));
    ArticleQuery everything;
    everything.status.reset();
    EXPECT_EQ(this->list(everything).size(), 5u);

    // Names come with each listed article, in byline order.
    auto listed = this->store().list_articles(by_tag).value();
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].tags, other.tags);
    EXPECT_EQ(listed[1].section, launch.section);
    EXPECT_EQ(listed[1].authors, launch.authors);
}

TYPED_TEST(ArticleContract, NamesComeInBylineOrderWhateverOrderTheyWereMadeIn) {
    // Names made in one order and listed in another: a list reads both kinds of names of all its
    // articles at once, and each article's come back in its own byline order.
    Article first = make_article("first", "Ariela Tomson", when(100));
    first.authors = {{"Bo Ek", "bo-ek"}, {"Ariela Tomson", "ariela-tomson"}};
    first.tags = {{"Tides", "tides"}, {"Boats", "boats"}, {"Wind", "wind"}};
    ASSERT_TRUE(insert_article(this->store(), first).has_value());
    Article second = make_article("second", "Ariela Tomson", when(200));
    second.authors = {{"Ariela Tomson", "ariela-tomson"}, {"Cy Dahl", "cy-dahl"}, {"Bo Ek", "bo-ek"}};
    second.tags = {{"Wind", "wind"}, {"Anchors", "anchors"}, {"Tides", "tides"}};
    ASSERT_TRUE(insert_article(this->store(), second).has_value());
    for (const bool bodies : {true, false}) {
        ArticleQuery q;
        q.bodies = bodies;
        auto listed = this->store().list_articles(q).value();
        ASSERT_EQ(slugs_of(listed), (std::vector<std::string>{"second", "first"}));
        EXPECT_EQ(listed[0].authors, second.authors);
        EXPECT_EQ(listed[0].tags, second.tags);
        EXPECT_EQ(listed[1].authors, first.authors);
        EXPECT_EQ(listed[1].tags, first.tags);
    }
    auto one = this->store().get_article("second").value();
    EXPECT_EQ(one.authors, second.authors);
    EXPECT_EQ(one.tags, second.tags);
}

// The front, section, tag and author lists each have their own statement: each pages through
// the same articles, in the same order, as the general filter would, ties in time broken by id,
// leaving out drafts and the excluded slug, with a long body before the keys.
TYPED_TEST(ArticleContract, EachReaderListPagesThroughItsArticlesInOrder) {
    std::vector<std::string> all, in_section, tagged, by_author;
    for (int i = 0; i < 9; ++i) {
        Article a = make_article("a" + std::to_string(i), i % 2 ? "Odd Writer" : "Even Writer", when(100 + i / 2));
        a.body_markdown = std::string(6000, 'x');
        if (i % 3 == 0) a.section = NamedRef{"Harbour", "harbour"};
        if (i != 4) a.tags = {{"Tides", "tides"}};
        if (i == 7) a.status = ArticleStatus::kDraft;
        ASSERT_TRUE(insert_article(this->store(), a).has_value());
    }
    // Newest first; a0/a1, a2/a3... share a time, so the later id comes first.
    for (int i : {8, 6, 5, 4, 3, 2, 1, 0}) {
        const std::string slug = "a" + std::to_string(i);
        all.push_back(slug);
        if (i % 3 == 0) in_section.push_back(slug);
        if (i != 4) tagged.push_back(slug);
        if (i % 2) by_author.push_back(slug);
    }
    auto pages_of = [&](ArticleQuery q) {
        std::vector<std::string> seen;
        q.limit = 2;
        for (int round = 0; round < 20; ++round) {
            auto page = this->store().list_articles(q);
            EXPECT_TRUE(page.has_value());
            if (!page || page->empty()) break;
            for (const auto& a : *page) seen.push_back(a.slug);
            q.after = std::pair{page->back().published_at, page->back().id};
        }
        return seen;
    };
    ArticleQuery front, section, tag, author;
    section.section = "harbour";
    tag.tag = "tides";
    author.author = "odd-writer";
    EXPECT_EQ(pages_of(front), all);
    EXPECT_EQ(pages_of(section), in_section);
    EXPECT_EQ(pages_of(tag), tagged);
    EXPECT_EQ(pages_of(author), by_author);
    // Leaving one out (related articles) still fills the page.
    tag.exclude = "a6";
    tag.limit = 3;
    EXPECT_EQ(this->list(tag), (std::vector<std::string>{"a8", "a5", "a3"}));
    front.exclude = "a8";
    front.limit = 1;
    EXPECT_EQ(this->list(front), std::vector<std::string>{"a6"});
    // An unknown name lists nothing.
    ArticleQuery nobody;
    nobody.author = "nobody";
    EXPECT_TRUE(this->list(nobody).empty());
    ArticleQuery nowhere;
    nowhere.section = "nowhere";
    EXPECT_TRUE(this->list(nowhere).empty());
}

TYPED_TEST(ArticleContract, StaffListsFindTitlesContainingWordsLiterally) {
    for (auto [slug, title] : {std::pair{"t1", "Ferry Fares Rise"}, {"t2", "Bridge works: 50% done"},
                               {"t3", "Ferry_timetable"}, {"t4", "Fares, fairly"}}) {
        Article a = make_article(slug, "Desk Writer", when(10));
        a.title = title;
        if (std::string_view(slug) == "t4") a.status = ArticleStatus::kDraft;
        ASSERT_TRUE(insert_article(this->store(), a).has_value());
    }
    ArticleQuery q;
    q.status.reset();
    q.title_contains = "FERRY";
    auto found = this->list(q);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"t1", "t3"}));
    q.title_contains = "fares";
    found = this->list(q);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"t1", "t4"}));
    q.status = ArticleStatus::kPublished;
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"t1"})) << "with the other filters";
    q.status.reset();
    q.title_contains = "50%";
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"t2"}));
    q.title_contains = "%";
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"t2"})) << "% is a character, not a wildcard";
    q.title_contains = "y_t";
    EXPECT_EQ(this->list(q), (std::vector<std::string>{"t3"})) << "_ is a character, not a wildcard";
    q.title_contains = "!";
    EXPECT_TRUE(this->list(q).empty());
    q.title_contains = "nothing like it";
    EXPECT_TRUE(this->list(q).empty());
}

TYPED_TEST(ArticleContract, ConcurrentSavesOfOneVersionLetExactlyOneThrough) {
    Article a = this->add("contested", "A", 1);
    constexpr int kEditors = 6;
    std::atomic<int> saved{0}, conflicts{0}, other{0};
    std::vector<std::thread> editors;
    for (int i = 0; i < kEditors; ++i) {
        editors.emplace_back([&, i] {
            Article mine = a;
            mine.title = "Edit " + std::to_string(i);
            auto r = this->store().save_article(ArticleSave{mine, 1, "user:" + std::to_string(i), "{}"});
            if (r) ++saved;
            else if (r.error().code == ErrorCode::kConflict) ++conflicts;
            else ++other;
        });
    }
    for (auto& t : editors) t.join();
    EXPECT_EQ(saved.load(), 1);
    EXPECT_EQ(conflicts.load(), kEditors - 1);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(this->store().article_revisions(a.id, 50)->size(), 2u);
}

TYPED_TEST(ArticleContract, NamesAreFoundOrMadeOnceWhateverOrderSavesNameThemIn) {
    // Savers at once naming the same new section, authors and tags, each in its own order: every
    // save goes through, each name is made once and keeps one spelling.
    constexpr int kSavers = 6;
    std::atomic<int> failed{0};
    std::vector<std::thread> savers;
    for (int i = 0; i < kSavers; ++i) {
        savers.emplace_back([&, i] {
            Article a = make_article("piece-" + std::to_string(i), "Ola Berg", when(10 + i));
            a.authors.push_back({"Kari Holm", "kari-holm"});
            a.section = NamedRef{"Coast " + std::to_string(i), "coast"};
            a.tags = {{"Tides", "tides"}, {"Wind", "wind"}, {"Rain", "rain"}};
            if (i % 2 == 1) std::reverse(a.tags.begin(), a.tags.end());
            if (i % 3 == 1) std::reverse(a.authors.begin(), a.authors.end());
            a.tags.push_back({"Tides again", "tides"});  // one slug twice: one tag, linked twice
            if (!insert_article(this->store(), a)) ++failed;
        });
    }
    for (auto& t : savers) t.join();
    EXPECT_EQ(failed.load(), 0);
    std::set<std::string> section_names;
    for (int i = 0; i < kSavers; ++i) {
        auto a = this->store().get_article("piece-" + std::to_string(i));
        ASSERT_TRUE(a.has_value()) << i;
        ASSERT_TRUE(a->section.has_value());
        section_names.insert(a->section->name);
        ASSERT_EQ(a->tags.size(), 4u);
        EXPECT_EQ(a->tags.back(), a->tags[i % 2 == 1 ? 2 : 0]) << "the same tag, under its one name";
        EXPECT_EQ(a->authors.size(), 2u);
    }
    EXPECT_EQ(section_names.size(), 1u) << "the first save's spelling, for everyone";
    ArticleQuery q;
    q.tag = "wind";
    EXPECT_EQ(this->list(q).size(), static_cast<std::size_t>(kSavers));
    q = {};
    q.author = "kari-holm";
    EXPECT_EQ(this->list(q).size(), static_cast<std::size_t>(kSavers));
}

TYPED_TEST(ArticleContract, AListWithoutBodiesHasEverythingElse) {
    Article a = make_article("with-names", "Ola Berg", when(5));
    a.section = NamedRef{"Coast", "coast"};
    a.tags = {{"Tides", "tides"}};
    ASSERT_TRUE(insert_article(this->store(), a).has_value());
    domain::Correction fix;
    fix.at = when(6);
    fix.text = "Fixed a name.";
    fix.by = "test";
    ASSERT_TRUE(this->store().add_correction(this->store().get_article("with-names")->id, fix).has_value());
    ArticleQuery q;
    auto full = this->store().list_articles(q);
    q.bodies = false;
    auto heads = this->store().list_articles(q);
    ASSERT_TRUE(full.has_value() && heads.has_value());
    ASSERT_EQ(heads->size(), 1u);
    ASSERT_EQ(full->size(), 1u);
    EXPECT_TRUE(heads->front().body_markdown.empty());
    EXPECT_FALSE(full->front().body_markdown.empty());
    EXPECT_TRUE(heads->front().corrections.empty());
    EXPECT_FALSE(full->front().corrections.empty());
    const Article& h = heads->front();
    const Article& f = full->front();
    EXPECT_EQ(h.id, f.id);
    EXPECT_EQ(h.title, f.title);
    EXPECT_EQ(h.summary, f.summary);
    EXPECT_EQ(h.published_at, f.published_at);
    EXPECT_EQ(h.updated_at, f.updated_at);
    EXPECT_EQ(h.section, f.section);
    EXPECT_EQ(h.tags, f.tags);
    EXPECT_EQ(h.authors, f.authors);
    EXPECT_EQ(h.page_key(), f.page_key());
}

TYPED_TEST(ArticleContract, AProfileSaysWhetherAPublishedArticleCarriesIt) {
    Article draft = make_article("first-draft", "Nils Dahl", when(1));
    draft.status = ArticleStatus::kDraft;
    auto saved = insert_article(this->store(), draft);
    ASSERT_TRUE(saved.has_value());
    auto p = this->store().get_author("nils-dahl");
    ASSERT_TRUE(p.has_value());
    EXPECT_FALSE(p->has_published);
    EXPECT_FALSE(p->visible_to_readers()) << "a byline on a draft is nobody's news";
    p->bio = "Writes about boats.";
    EXPECT_TRUE(p->visible_to_readers()) << "an editor wrote in it";
    Article published = *saved;
    published.status = ArticleStatus::kPublished;
    ASSERT_TRUE(insert_article(this->store(), published).has_value());
    EXPECT_TRUE(this->store().get_author("nils-dahl")->has_published);
    EXPECT_TRUE(this->store().list_authors("", 10)->front().has_published);
}

TYPED_TEST(ArticleContract, AnAccountHasOneProfileNeverSomeoneElses) {
    auto writer = this->store().insert_user({"liv@example.org", "Liv Andersen", domain::Role::kAuthor, "$argon2id$x", when(0), false, ""});
    ASSERT_TRUE(writer.has_value()) << writer.error().message;
    EXPECT_EQ(this->store().get_user(writer->id)->role, domain::Role::kAuthor) << "the newsroom roles are stored";
    auto editor = this->store().insert_user({"ed@example.org", "Ed", domain::Role::kEditor, "$argon2id$x", when(0), false, ""});
    ASSERT_TRUE(editor.has_value());
    auto changed = *editor;
    changed.role = domain::Role::kModerator;
    EXPECT_EQ(this->store().update_user(changed)->role, domain::Role::kModerator);
    changed.role = domain::Role::kEditor;
    EXPECT_EQ(this->store().update_user(changed)->role, domain::Role::kEditor);

    EXPECT_EQ(this->store().author_for_user(writer->id, "", "liv-andersen").error().code, ErrorCode::kNotFound)
        << "looking makes nothing";
    // A profile of the same name that is someone else's (a byline) is never taken over.
    this->add("ferry", "Liv Andersen", 10);
    auto mine = this->store().author_for_user(writer->id, "Liv Andersen", "liv-andersen");
    ASSERT_TRUE(mine.has_value()) << mine.error().message;
    EXPECT_EQ(mine->slug, "liv-andersen-2");
    EXPECT_EQ(mine->user_id, writer->id);
    auto again = this->store().author_for_user(writer->id, "Other Name", "other-name");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->id, mine->id) << "one profile per account";

    AuthorProfile p = this->store().get_author("liv-andersen").value();
    EXPECT_FALSE(p.user_id.has_value());
    p.bio = "Harbour reporter.\nSecond line 🚢";
    p.photo_url = "https://img.example/liv.jpg";
    p.links = {"https://a.example/liv", "https://b.example/liv"};
    p.name = "Liv A.";
    auto saved = this->store().save_author(p);
    ASSERT_TRUE(saved.has_value()) << saved.error().message;
    EXPECT_EQ(*saved, p);
    EXPECT_EQ(this->store().get_article("ferry")->authors.front().name, "Liv A.") << "bylines follow the profile";
    p.user_id = writer->id;
    EXPECT_EQ(this->store().save_author(p).error().code, ErrorCode::kConflict) << "the account has a profile";
    EXPECT_EQ(this->store().get_author("liv-andersen").value().name, "Liv A.") << "refused: nothing changed";
    AuthorProfile nobody;
    nobody.slug = "nobody";
    nobody.name = "N";
    EXPECT_EQ(this->store().save_author(nobody).error().code, ErrorCode::kNotFound);

    auto all = this->store().list_authors("", 10);
    ASSERT_TRUE(all.has_value());
    std::vector<std::string> slugs;
    for (const auto& a : *all) slugs.push_back(a.slug);
    EXPECT_EQ(slugs, (std::vector<std::string>{"liv-andersen", "liv-andersen-2"}));
    EXPECT_EQ(this->store().list_authors("liv-andersen", 10)->size(), 1u);
}

}  // namespace
}  // namespace tribune::store
