#include "app/demo_publication.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/comment_text.hpp"
#include "domain/limits.hpp"
#include "domain/time.hpp"
#include "store/store.hpp"
#include "support/temp_store.hpp"

namespace tribune::app {
namespace {

using domain::Comment;
using std::chrono::hours;

// The main article is then dated 2026-03-15 04:53 UTC, as on the page Tribune is modelled on.
domain::Time fixed_now() { return *domain::parse_rfc3339("2026-03-17T07:53:00Z"); }

// Named by test and process, and emptied first: a run killed mid-test leaves its directory
// behind, and the next run's test of the same name must not find that store.
std::filesystem::path unique_dir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto dir = std::filesystem::path(::testing::TempDir()) /
               ("tribune-demo-" + std::string(info->name()) + "-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++));
    std::filesystem::remove_all(dir);
    return dir;
}

std::size_t word_count(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::size_t n = 0;
    for (std::string word; in >> word;) ++n;
    return n;
}

class DemoPublication : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = unique_dir();
        std::filesystem::create_directories(dir_);
        store_ = make_test_store(dir_.string());
        ASSERT_NE(store_, nullptr);
        auto seeded = seed_demo_publication(*store_, now_);
        ASSERT_TRUE(seeded.has_value()) << seeded.error().title << ": " << seeded.error().message;
    }

    void TearDown() override {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::vector<domain::Article> articles() {
        store::ArticleQuery q;
        q.limit = 100;
        auto list = store_->list_articles(q);
        EXPECT_TRUE(list.has_value());
        return list ? *list : std::vector<domain::Article>{};
    }

    domain::Article main_article() {
        auto a = store_->get_article(demo::kTideGaugeSlug);
        EXPECT_TRUE(a.has_value());
        return a ? *a : domain::Article{};
    }

    // Every top-level comment of `page`, oldest first, paging through the keyset.
    std::vector<Comment> top_level(std::string_view page) {
        std::vector<Comment> out;
        store::ListQuery q;
        q.limit = 100;
        for (;;) {
            auto p = store_->list_comments(page, q);
            EXPECT_TRUE(p.has_value());
            if (!p) return out;
            out.insert(out.end(), p->comments.begin(), p->comments.end());
            if (!p->has_more || p->comments.empty()) return out;
            q.after_id = out.back().id;
        }
    }

    std::vector<Comment> replies(domain::CommentId parent) {
        std::vector<Comment> out;
        store::ListQuery q;
        q.limit = 100;
        for (;;) {
            auto p = store_->list_replies(parent, q);
            EXPECT_TRUE(p.has_value());
            if (!p) return out;
            out.insert(out.end(), p->comments.begin(), p->comments.end());
            if (!p->has_more || p->comments.empty()) return out;
            q.after_id = out.back().id;
        }
    }

    // Top-level comments and their replies, as one list.
    std::vector<Comment> everything(std::string_view page) {
        std::vector<Comment> out;
        for (const auto& c : top_level(page)) {
            out.push_back(c);
            for (const auto& r : replies(c.id)) out.push_back(r);
        }
        return out;
    }

    domain::Time now_ = fixed_now();
    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
};

TEST_F(DemoPublication, LeavesTheStoreNonEmpty) {
    auto empty = store_->is_empty();
    ASSERT_TRUE(empty.has_value());
    EXPECT_FALSE(*empty);
}

// Lower-case words of letters and digits joined by single hyphens.
bool is_url_safe_slug(const std::string& s) {
    if (s.empty() || s.front() == '-' || s.back() == '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!word && !(c == '-' && s[i - 1] != '-')) return false;
    }
    return true;
}

TEST_F(DemoPublication, PublishesAtLeastFourArticlesWithMarkdownBodies) {
    const auto list = articles();
    ASSERT_GE(list.size(), 4u);
    std::set<std::string> slugs;
    for (const auto& a : list) {
        SCOPED_TRACE(a.slug);
        EXPECT_TRUE(is_url_safe_slug(a.slug));
        EXPECT_TRUE(slugs.insert(a.slug).second);
        EXPECT_EQ(a.page_key(), "/articles/" + a.slug);
        EXPECT_FALSE(a.title.empty());
        EXPECT_FALSE(a.summary.empty());
        ASSERT_EQ(a.authors.size(), 1u);
        EXPECT_FALSE(a.lead_author().empty());
        ASSERT_TRUE(a.section.has_value()) << "each demo article has a section";
        EXPECT_GE(a.tags.size(), 2u);
        EXPECT_EQ(a.status, domain::ArticleStatus::kPublished);
        EXPECT_FALSE(a.shows_updated()) << "nothing changed after publication";
        EXPECT_LT(a.published_at, now_);
        const auto words = word_count(a.body_markdown);
        EXPECT_GE(words, 300u);
        EXPECT_LE(words, 700u);
        EXPECT_NE(a.body_markdown.find("\n## "), std::string::npos) << "a heading";
        EXPECT_NE(a.body_markdown.find('*'), std::string::npos) << "emphasis";
        EXPECT_TRUE(a.body_markdown.find("\n- ") != std::string::npos ||
                    a.body_markdown.find("\n1. ") != std::string::npos)
            << "a list";
        EXPECT_NE(a.body_markdown.find("](/"), std::string::npos) << "a relative link";
    }
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end(),
                               [](const auto& a, const auto& b) { return a.published_at > b.published_at; }));
}

TEST_F(DemoPublication, DatesTheMainArticleRelativeToNow) {
    EXPECT_EQ(domain::format_rfc3339(main_article().published_at), "2026-03-15T04:53:00Z");
}

TEST_F(DemoPublication, LinksBetweenArticlesResolve) {
    // std::regex is avoided here: g++ 12 warns falsely inside it under the sanitizers.
    constexpr std::string_view kLink = "](/articles/";
    for (const auto& a : articles()) {
        const std::string& md = a.body_markdown;
        for (auto at = md.find(kLink); at != std::string::npos; at = md.find(kLink, at + 1)) {
            const auto start = at + kLink.size();
            const std::string target = md.substr(start, md.find(')', start) - start);
            SCOPED_TRACE(a.slug + " links to " + target);
            EXPECT_TRUE(store_->get_article(target).has_value());
        }
    }
}

TEST_F(DemoPublication, OneArticleCarriesTheVideo) {
    int with_media = 0;
    for (const auto& a : articles()) {
        if (a.media) ++with_media;
    }
    EXPECT_EQ(with_media, 1);
    const auto a = main_article();
    ASSERT_TRUE(a.media.has_value());
    EXPECT_EQ(a.media->kind, "video");
    EXPECT_EQ(a.media->url, "/media/harbour-timelapse.webm");
    EXPECT_EQ(a.media->mime_type, "video/webm");
    EXPECT_EQ(a.media->duration_seconds, 293);
    EXPECT_EQ(domain::format_duration(a.media->duration_seconds), "04:53");
    EXPECT_FALSE(a.media->caption.empty());
}

TEST_F(DemoPublication, MainArticleHasMoreTopLevelCommentsThanOnePage) {
    const auto page = main_article().page_key();
    const auto all = top_level(page);
    EXPECT_GE(all.size(), 24u);
    for (const auto& c : all) {
        EXPECT_EQ(c.status, domain::CommentStatus::kApproved);
        EXPECT_FALSE(c.parent_id.has_value());
        EXPECT_EQ(c.page, page);
    }
    store::ListQuery first;  // the page size a reader gets
    first.limit = 20;
    auto p = store_->list_comments(page, first);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->comments.size(), 20u);
    EXPECT_TRUE(p->has_more) << "\"Load More Comments\" shows";
}

TEST_F(DemoPublication, CountsEveryApprovedCommentAndReply) {
    const auto page = main_article().page_key();
    auto count = store_->count_approved(page);
    ASSERT_TRUE(count.has_value());
    EXPECT_EQ(*count, static_cast<std::int64_t>(everything(page).size()));
    for (const auto& c : top_level(page)) {
        EXPECT_EQ(c.reply_count, static_cast<std::int64_t>(replies(c.id).size())) << c.text;
    }
}

TEST_F(DemoPublication, OneThreadHasMoreRepliesThanAreEmbedded) {
    const auto all = top_level(main_article().page_key());
    const auto busy =
        std::find_if(all.begin(), all.end(), [](const Comment& c) { return c.reply_count >= 5; });
    ASSERT_NE(busy, all.end());
    store::ListQuery q;
    q.limit = 3;
    auto p = store_->list_replies(busy->id, q);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->comments.size(), 3u);
    EXPECT_TRUE(p->has_more) << "\"Load More Replies\" shows";
    auto first = store_->first_replies({busy->id}, 3, domain::Viewer{}, false);
    ASSERT_TRUE(first.has_value());
    ASSERT_EQ(first->size(), 1u);
    EXPECT_EQ((*first)[0].first, busy->id);
    EXPECT_EQ((*first)[0].second.size(), 4u) << "per_parent + 1 tells there are more";
}

TEST_F(DemoPublication, AModeratorAnswersAReader) {
    int moderator_replies = 0;
    for (const auto& c : everything(main_article().page_key())) {
        if (c.author.role != domain::Role::kModerator) continue;
        ASSERT_TRUE(c.parent_id.has_value());
        auto parent = store_->get_comment(*c.parent_id);
        ASSERT_TRUE(parent.has_value());
        EXPECT_EQ(parent->author.role, domain::Role::kReader);
        EXPECT_FALSE(c.author.name.empty());
        ++moderator_replies;
    }
    EXPECT_GE(moderator_replies, 1);
}

TEST_F(DemoPublication, OneCommentWasEditedByItsAuthor) {
    int edited = 0;
    for (const auto& c : everything(main_article().page_key())) {
        if (!c.edited_at) continue;
        ++edited;
        EXPECT_GT(*c.edited_at, c.created_at);
        EXPECT_LE(*c.edited_at, now_);
        auto history = store_->edit_history(c.id);
        ASSERT_TRUE(history.has_value());
        ASSERT_GE(history->size(), 1u);
        EXPECT_EQ(history->front().edited_by, "author");
        EXPECT_NE(history->front().text, c.text);
    }
    EXPECT_EQ(edited, 1);
}

TEST_F(DemoPublication, KeepsNamelessReadersAndMarkupAsText) {
    const auto all = everything(main_article().page_key());
    const auto named = [&](std::string_view name) {
        return std::count_if(all.begin(), all.end(), [&](const Comment& c) { return c.author.name == name; });
    };
    EXPECT_GE(named(domain::kNoName), 2);
    EXPECT_EQ(named(""), 0);
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Comment& c) {
        return c.text.find("<b>not bold</b>") != std::string::npos;
    }));
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Comment& c) {
        return c.text.find("\n\n") != std::string::npos;
    })) << "a long comment with paragraphs";
}

TEST_F(DemoPublication, CommentsAreDatedAfterTheirArticleAndParent) {
    bool over_a_year_old = false;
    for (const auto& a : articles()) {
        for (const auto& c : everything(a.page_key())) {
            SCOPED_TRACE(c.text);
            EXPECT_LT(c.created_at, now_);
            EXPECT_GT(c.created_at, a.published_at);
            if (c.parent_id) {
                auto parent = store_->get_comment(*c.parent_id);
                ASSERT_TRUE(parent.has_value());
                EXPECT_GT(c.created_at, parent->created_at);
            }
            if (now_ - c.created_at > hours{24 * 365}) over_a_year_old = true;
        }
    }
    EXPECT_TRUE(over_a_year_old);
}

TEST_F(DemoPublication, OneArticleWaitsForItsFirstComment) {
    std::vector<std::string> pages;
    for (const auto& a : articles()) pages.push_back(a.page_key());
    auto counts = store_->count_approved_many(pages);
    ASSERT_TRUE(counts.has_value());
    ASSERT_EQ(counts->size(), pages.size());
    const auto main_page = main_article().page_key();
    int empty = 0, few = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if ((*counts)[i] == 0) ++empty;
        if (pages[i] != main_page && (*counts)[i] >= 2 && (*counts)[i] <= 10) ++few;
    }
    EXPECT_GE(empty, 1) << "\"Be the first to leave a comment.\"";
    EXPECT_GE(few, 1) << "another article has a few comments";
}

TEST_F(DemoPublication, RelatedArticlesByAuthorShowBothStates) {
    const auto main = main_article();
    auto by_author = [&](const domain::Article& a) {
        store::ArticleQuery q;
        q.author = a.authors.front().slug;
        q.exclude = a.slug;
        return store_->list_articles(q);
    };
    auto related = by_author(main);
    ASSERT_TRUE(related.has_value());
    EXPECT_GE(related->size(), 1u) << "\"More by\" the main article's author";
    bool single_article_author = false;
    for (const auto& a : articles()) {
        auto others = by_author(a);
        ASSERT_TRUE(others.has_value());
        if (others->empty()) single_article_author = true;
    }
    EXPECT_TRUE(single_article_author) << "\"No items found.\"";
}

TEST_F(DemoPublication, SeedingTwiceFailsOnTheTakenSlug) {
    auto again = seed_demo_publication(*store_, now_);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, domain::ErrorCode::kConflict);
}

// The data alone, without a store: each reply names an older comment on the same article.
TEST(DemoPublicationData, RepliesReferToOlderCommentsOnTheSameArticle) {
    std::set<std::string_view> slugs;
    for (auto slug : {demo::kTideGaugeSlug, demo::kBroadbandSlug, demo::kCycleLaneSlug, demo::kSealCountSlug,
                      demo::kLogbooksSlug})
        slugs.insert(slug);
    std::map<std::string_view, const demo::CommentSeed*> by_key;
    for (const auto& c : demo::comments()) {
        EXPECT_TRUE(slugs.count(c.article)) << c.text;
        if (c.key.empty()) continue;
        EXPECT_TRUE(by_key.emplace(c.key, &c).second) << "duplicate key " << c.key;
    }
    for (const auto& c : demo::comments()) {
        if (c.reply_to.empty()) continue;
        const auto parent = by_key.find(c.reply_to);
        ASSERT_NE(parent, by_key.end()) << c.reply_to;
        EXPECT_EQ(parent->second->article, c.article);
        EXPECT_GT(parent->second->age, c.age) << c.text;
        EXPECT_TRUE(parent->second->reply_to.empty()) << "threads are two levels deep";
    }
}

// Seeding skips admission, so the data must already be what admission would store.
TEST(DemoPublicationData, TextsAndNamesPassValidationUnchanged) {
    const domain::Limits limits;
    for (const auto& c : demo::comments()) {
        auto text = domain::validate_comment_text(c.text, limits);
        ASSERT_TRUE(text.has_value()) << c.text;
        EXPECT_EQ(*text, c.text);
        if (!c.edited_text.empty()) {
            auto edited = domain::validate_comment_text(c.edited_text, limits);
            ASSERT_TRUE(edited.has_value()) << c.edited_text;
            EXPECT_EQ(*edited, c.edited_text);
        }
        auto name = domain::validate_author_name(c.name, limits);
        ASSERT_TRUE(name.has_value()) << c.name;
        EXPECT_EQ(*name, c.name.empty() ? domain::kNoName : c.name);
    }
}

}  // namespace
}  // namespace tribune::app
