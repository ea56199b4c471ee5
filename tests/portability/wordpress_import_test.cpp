// A WordPress export into the store: a post whose article was made by an import that stopped
// before remembering it is not made twice; long clashing slugs; tags that make no link; the
// comments of items that are not imported are counted.
#include "portability/wordpress_import.hpp"

#include <sstream>

#include "comment_import_fixture.hpp"
#include "service/articles.hpp"

namespace tribune::portability {
namespace {

struct WpPost {
    std::string id = {};
    std::string title = {};
    std::string name = {};  // post_name
    std::string type = "post";
    std::string terms = {};  // <category> elements
    int comments = 0;
};

std::string wp_file(const std::vector<WpPost>& posts, const std::string& site_header = {}) {
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old</title>)" + site_header;
    for (const auto& p : posts) {
        out += "<item><title>" + p.title + "</title><link>https://old.example/" + p.name +
               "/</link><dc:creator>ana</dc:creator><content:encoded><![CDATA[<p>Body of " + p.id +
               "</p>]]></content:encoded><wp:post_id>" + p.id + "</wp:post_id><wp:post_date_gmt>2019-06-03 10:00:00"
               "</wp:post_date_gmt><wp:post_name>" + p.name + "</wp:post_name><wp:status>publish</wp:status>"
               "<wp:post_type>" + p.type + "</wp:post_type>" + p.terms;
        for (int c = 0; c < p.comments; ++c)
            out += "<wp:comment><wp:comment_id>" + p.id + "0" + std::to_string(c) +
                   "</wp:comment_id><wp:comment_author>R</wp:comment_author><wp:comment_date_gmt>2019-06-03 11:00:00"
                   "</wp:comment_date_gmt><wp:comment_content>Hello</wp:comment_content><wp:comment_approved>1"
                   "</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>";
        out += "</item>";
    }
    return out + "</channel></rss>";
}

class WordPressImportTest : public testing::CommentImportTest {
protected:
    domain::Result<ImportCounts> import(const std::string& file, bool dry_run = false) {
        return run(
            "wordpress",
            [&](CommentImport& import) -> domain::Result<void> {
                std::istringstream in(file);
                auto context = ctx();
                auto n = import_wordpress(in, context, import, dry_run);
                if (!n) return n.error();
                notes = std::move(*n);
                return {};
            },
            dry_run);
    }

    std::vector<domain::Article> all_articles() {
        store::ArticleQuery q;
        q.status = std::nullopt;
        q.limit = 100;
        auto list = db->list_articles(q);
        EXPECT_TRUE(list) << list.error().message;
        return list ? *list : std::vector<domain::Article>{};
    }

    WordPressImportNotes notes;
};

// The article an import made of post 7 of wp_file.
void make_harbour(service::Context context) {
    service::ArticleDraft d;
    d.title = "Harbour";
    d.slug = "harbour";
    d.body_markdown = "Body of 7";
    d.status = "published";
    d.published_at = domain::parse_rfc3339("2019-06-03T10:00:00Z").value();
    ASSERT_TRUE(service::create_article(context, service::Actor::command_line_operator(), d));
}

// WordPress numbers posts and comments per site: two sites' exports both import, each remembered
// under its blog's address (its host in any case), and each one again adds nothing.
TEST_F(WordPressImportTest, TwoSitesWithTheSameIdsStayApart) {
    const std::vector<WpPost> posts{{.id = "7", .title = "Harbour", .name = "harbour", .comments = 2}};
    const std::string a = wp_file(posts, "<wp:base_site_url>https://net.example</wp:base_site_url>"
                                         "<wp:base_blog_url>https://News.Example/</wp:base_blog_url>");
    const std::string b = wp_file({{.id = "7", .title = "Stadium", .name = "stadium", .comments = 2}},
                                  "<wp:base_site_url>https://net.example</wp:base_site_url>"
                                         "<wp:base_blog_url>https://sport.example</wp:base_blog_url>");
    const std::string a_again = wp_file(posts, "<wp:base_blog_url>https://news.example</wp:base_blog_url>");
    auto first = import(a);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->articles, 1);
    EXPECT_EQ(first->comments, 2);
    auto second = import(b);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->articles, 1) << "the other site's post 7 is another post";
    EXPECT_EQ(second->comments, 2);
    auto again = import(a_again);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->articles, 0);
    EXPECT_EQ(again->comments, 0);
    EXPECT_EQ(all_articles().size(), 2u);
    EXPECT_TRUE(imported("wordpress:news.example", "700"));
    EXPECT_TRUE(imported("wordpress:sport.example", "700"));
    auto remembered = db->remembered_item("wordpress:news.example", "article", "7");
    ASSERT_TRUE(remembered && *remembered);
}

TEST_F(WordPressImportTest, AnImportStoppedBeforeRememberingTheArticleDoesNotMakeItTwice) {
    // What an import that stopped right after making the article left: the article, nothing
    // remembered. Another article holds a slug too, which a post of the same name would take.
    make_harbour(ctx());
    const std::string file = wp_file({{.id = "7", .title = "Harbour", .name = "harbour", .comments = 1}});
    for (bool dry_run : {true, false}) {
        auto counts = import(file, dry_run);
        ASSERT_TRUE(counts) << counts.error().message;
        EXPECT_EQ(counts->articles, 0) << dry_run;
        EXPECT_EQ(counts->note(ImportNote::kAlreadyImported), 1) << dry_run;
        EXPECT_EQ(counts->comments, 1) << dry_run;
    }
    ASSERT_EQ(all_articles().size(), 1u);
    auto known = db->remembered_item("wordpress", "article", "7");
    ASSERT_TRUE(known && *known);
    EXPECT_EQ((*known)->page, "/articles/harbour");
    EXPECT_EQ(db->path_redirect("/harbour/")->value_or(""), "/articles/harbour");
    // An article of the same slug that the post did not make is not taken for it.
    auto counts = import(wp_file({{.id = "8", .title = "Harbour", .name = "harbour"}}));
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->articles, 1);
    EXPECT_TRUE(db->get_article("harbour-8"));
}

TEST_F(WordPressImportTest, AnImportStoppedAfterTheArticleDoesNotMakeItTwice) {
    const std::string file = wp_file({{.id = "7", .title = "Harbour", .name = "harbour", .comments = 1}});
    // What an import that stopped right after making the article leaves: the page remembered
    // for the post, the article made, nothing after.
    ASSERT_TRUE(db->remember_item("wordpress", "article", "7", {0, "/articles/harbour"}));
    make_harbour(ctx());

    auto counts = import(file);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 0);
    EXPECT_EQ(counts->note(ImportNote::kAlreadyImported), 1);
    EXPECT_EQ(counts->comments, 1);  // onto the article made before
    ASSERT_EQ(all_articles().size(), 1u);
    EXPECT_EQ(all_articles()[0].slug, "harbour");
    // What the stopped import left undone is done now.
    auto moved = db->path_redirect("/harbour/");
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->value_or(""), "/articles/harbour");
    ASSERT_TRUE(imported("wordpress", "700"));
    // The remembered page now knows its article.
    auto known = db->remembered_item("wordpress", "article", "7");
    ASSERT_TRUE(known && *known);
    EXPECT_EQ((*known)->local_id, all_articles()[0].id);
}

// An import stopped before making the article, and an editor wrote another article at that
// address meanwhile: the post does not take it over (nor its comments, nor its old address).
TEST_F(WordPressImportTest, AnotherArticleAtTheRememberedPageIsNotTakenOver) {
    ASSERT_TRUE(db->remember_item("wordpress", "article", "7", {0, "/articles/harbour"}));
    service::ArticleDraft d;
    d.title = "Harbour works begin";
    d.slug = "harbour";
    d.body_markdown = "Written at the desk.";
    d.status = "draft";
    auto context = ctx();
    ASSERT_TRUE(service::create_article(context, service::Actor::command_line_operator(), d));
    auto counts = import(wp_file({{.id = "7", .title = "Harbour", .name = "harbour", .comments = 1}}));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 0);
    EXPECT_EQ(counts->comments, 0);
    EXPECT_EQ(counts->note(ImportNote::kInvalid), 2);  // the post and its comment
    EXPECT_FALSE(imported("wordpress", "700"));
    EXPECT_FALSE(db->path_redirect("/harbour/")->has_value());
    EXPECT_EQ(db->get_article("harbour")->title, "Harbour works begin");
}

// Post ids are WordPress's numbers: a hostile one (huge, or not a number) is no post.
TEST_F(WordPressImportTest, AnIdThatIsNoWordPressNumberIsRefused) {
    auto counts = import(wp_file({{.id = std::string(100000, '9'), .title = "Long", .name = "long", .comments = 1},
                                  {.id = "7x", .title = "Odd", .name = "odd"},
                                  {.id = "8", .title = "Fine", .name = "fine"}}));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 1);
    EXPECT_EQ(counts->note(ImportNote::kInvalid), 3);  // two posts and a comment
    for (const auto& line : notes.messages) EXPECT_LT(line.size(), 1000u) << line.substr(0, 80);
}

TEST_F(WordPressImportTest, AnImportStoppedBeforeTheArticleMakesItOnTheRememberedPage) {
    ASSERT_TRUE(db->remember_item("wordpress", "article", "7", {0, "/articles/harbour"}));
    auto counts = import(wp_file({{.id = "7", .title = "Harbour", .name = "harbour"}}));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 1);
    ASSERT_EQ(all_articles().size(), 1u);
    EXPECT_EQ(all_articles()[0].page_key(), "/articles/harbour");
    EXPECT_EQ((*db->remembered_item("wordpress", "article", "7"))->local_id, all_articles()[0].id);
    // Again: nothing more.
    counts = import(wp_file({{.id = "7", .title = "Harbour", .name = "harbour"}}));
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->articles, 0);
    EXPECT_EQ(all_articles().size(), 1u);
}

TEST_F(WordPressImportTest, ALongSlugTakenBySiteArticleGetsTheIdWithinTheLimit) {
    const std::string long_slug = std::string(60, 'a') + "-" + std::string(59, 'b');  // 120 bytes
    service::ArticleDraft d;
    d.title = "Ours";
    d.slug = long_slug;
    auto context = ctx();
    ASSERT_TRUE(service::create_article(context, service::Actor::command_line_operator(), d));

    auto counts = import(wp_file({{.id = "123456", .title = "Theirs", .name = long_slug}}));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 1);
    auto made = db->get_article(long_slug.substr(0, 113) + "-123456");
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->title, "Theirs");
    EXPECT_LE(made->slug.size(), domain::article_limits::kSlug);
}

TEST_F(WordPressImportTest, AHostileBodyIsKeptAsTextAndTold) {
    std::string file = wp_file({{.id = "5", .title = "Deep", .name = "deep"}});
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<div>";
    const std::string body = "<p>Body of 5</p>";
    file.replace(file.find(body), body.size(), deep + "Deep <b>text</b>");
    auto counts = import(file);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 1);
    auto made = db->get_article("deep");
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->body_markdown, "Deep text");
    ASSERT_EQ(notes.messages.size(), 1u);
    EXPECT_NE(notes.messages[0].find("post 5: the body's markup was nested too deep"), std::string::npos);
}

TEST_F(WordPressImportTest, TagsWithoutLettersAreLeftOutAndThePostKept) {
    const std::string terms =
        "<category domain=\"category\" nicename=\"x\"><![CDATA[!!!]]></category>"
        "<category domain=\"post_tag\" nicename=\"a\"><![CDATA[\xF0\x9F\x8E\x89]]></category>"
        "<category domain=\"post_tag\" nicename=\"b\"><![CDATA[Ferries]]></category>"
        "<category domain=\"post_tag\" nicename=\"c\"><![CDATA[--]]></category>";
    auto counts = import(wp_file({{.id = "9", .title = "Party", .name = "party", .terms = terms}}));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->articles, 1);
    auto made = db->get_article("party");
    ASSERT_TRUE(made) << made.error().message;
    ASSERT_EQ(made->tags.size(), 1u);
    EXPECT_EQ(made->tags[0].name, "Ferries");
    EXPECT_FALSE(made->section);
    std::string told;
    for (const auto& m : notes.messages) told += m + "\n";
    EXPECT_NE(told.find("the tag \"--\" has no letters or digits"), std::string::npos) << told;
    EXPECT_NE(told.find("the category \"!!!\""), std::string::npos) << told;
}

TEST_F(WordPressImportTest, CommentsOfItemsNotImportedAreCountedWithTheirReason) {
    const std::string file = wp_file({{.id = "1", .title = "About", .name = "about", .type = "page", .comments = 2},
                                      {.id = "2", .title = "pic", .name = "pic", .type = "attachment", .comments = 1},
                                      {.id = "3", .title = "M", .name = "menu", .type = "nav_menu_item", .comments = 1},
                                      {.id = "4", .title = "Story", .name = "story", .comments = 1}});
    for (bool dry_run : {true, false}) {
        auto counts = import(file, dry_run);
        ASSERT_TRUE(counts) << counts.error().message;
        EXPECT_EQ(counts->note(ImportNote::kPage), 3) << dry_run;  // the page and its two comments
        EXPECT_EQ(counts->note(ImportNote::kAttachment), 2) << dry_run;
        EXPECT_EQ(counts->note(ImportNote::kInvalid), 2) << dry_run;
        EXPECT_EQ(counts->comments, 1) << dry_run;
        EXPECT_EQ(counts->skipped(), 7) << dry_run;
    }
}

}  // namespace
}  // namespace tribune::portability
