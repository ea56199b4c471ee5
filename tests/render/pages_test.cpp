#include "render/pages.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

const domain::Time kPagesNow = domain::from_micros(1'773'550'380'000'000);  // 2026-03-15T04:53:00Z

bool page_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

domain::Article article(std::string slug, std::string title) {
    domain::Article a;
    a.slug = std::move(slug);
    a.title = std::move(title);
    a.summary = "Summary of " + a.title;
    a.authors = {{"Mira Hovhannisyan", "mira-hovhannisyan"}};
    a.published_at = kPagesNow;
    return a;
}

domain::Comment page_comment(domain::CommentId id, std::string text) {
    domain::Comment c;
    c.id = id;
    c.author.name = "Reader";
    c.text = std::move(text);
    c.status = domain::CommentStatus::kApproved;
    c.created_at = kPagesNow - std::chrono::minutes{5};
    return c;
}

TEST(HomePage, ListsArticlesWithCounts) {
    ArticleListView v;
    v.path = "/";
    v.site.name = "The Daily Test";
    v.now = kPagesNow;
    v.articles = {article("first", "First story"), article("second", "Second story")};
    v.comment_counts = {1, 24};
    const std::string html = article_list_page(v);
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(page_has(html, "<title>The Daily Test</title>"));
    EXPECT_TRUE(page_has(html, "<a href=\"/articles/first\">First story</a>"));
    EXPECT_TRUE(page_has(html, "Summary of Second story"));
    EXPECT_TRUE(page_has(html, "By <span class=\"author\">Mira Hovhannisyan</span>"));
    EXPECT_TRUE(page_has(html, ">Mar 15, 2026</time>"));
    EXPECT_TRUE(page_has(html, "href=\"/articles/first#comments\" data-page=\"/articles/first\">1 Comment</a>"));
    EXPECT_TRUE(page_has(html, ">24 Comments</a>"));
}

TEST(HomePage, EscapesArticleFields) {
    ArticleListView v;
    v.path = "/";
    v.site.name = "<script>alert(1)</script>";
    v.articles = {article("x", "\"><img src=x onerror=alert(1)>")};
    v.articles[0].summary = "<script>alert(1)</script>";
    v.articles[0].authors = {{"\"><img src=x onerror=alert(1)>", "img"}};
    const std::string html = article_list_page(v);
    EXPECT_FALSE(page_has(html, "<img"));
    EXPECT_FALSE(page_has(html, "<script>"));
    EXPECT_TRUE(page_has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_TRUE(page_has(html, ">0 Comments</a>"));  // missing count: zero
}

TEST(HomePage, EmptyList) {
    ArticleListView v;
    v.path = "/";
    EXPECT_TRUE(page_has(article_list_page(v), "No items found."));
}

TEST(ListPage, AuthorCardShowsOnlyWebLinksAndAPhotoAsText) {
    ArticleListView v;
    v.path = "/authors/liv";
    v.kind = "Author";
    v.title = "Liv <b>A</b>";
    v.author = AuthorCard{"Liv", "Covers <script>x</script> the harbour", "javascript:alert(1)",
                          {"https://social.example/@liv", "javascript:alert(2)", "/local", "data:text/html,x"}};
    v.next_cursor = "abc/+=";
    const std::string html = article_list_page(v);
    EXPECT_TRUE(page_has(html, "<h1 class=\"page-title\">Liv &lt;b&gt;A&lt;/b&gt;</h1>"));
    EXPECT_TRUE(page_has(html, "Covers &lt;script&gt;x&lt;/script&gt; the harbour"));
    EXPECT_FALSE(page_has(html, "javascript:"));
    EXPECT_FALSE(page_has(html, "data:text"));
    EXPECT_FALSE(page_has(html, "author-photo")) << "a photo that is not a web URL is left out";
    EXPECT_FALSE(page_has(html, "href=\"/local\"")) << "profile links go to other sites";
    EXPECT_TRUE(page_has(html, "<a href=\"https://social.example/@liv\" rel=\"me noopener\">"));
    EXPECT_TRUE(page_has(html, "<a rel=\"next\" href=\"/authors/liv?cursor=abc%2F%2B%3D\">Older articles</a>"));
    EXPECT_TRUE(page_has(html, "No items found."));
    EXPECT_TRUE(page_has(html, "href=\"/authors/liv/feed.atom\"")) << "its feed is named in the head";
}

RepliesView replies_view() {
    RepliesView v;
    v.site.base_url = "http://127.0.0.1:8080";
    v.now = kPagesNow;
    v.article = article("border-posts", "Border posts");
    v.replies.parent = page_comment(12, "the parent");
    for (domain::CommentId id : {13, 14}) {
        domain::Comment r = page_comment(id, "reply " + std::to_string(id));
        r.parent_id = 12;
        v.replies.replies.push_back(r);
    }
    return v;
}

TEST(RepliesPage, ShowsParentRepliesFormAndBackLink) {
    RepliesView v = replies_view();
    v.replies.next_cursor = "c+/=";
    const std::string html = replies_page(v);
    EXPECT_TRUE(page_has(html, "id=\"comment-12\""));
    EXPECT_TRUE(page_has(html, "reply 13"));
    EXPECT_TRUE(page_has(html, "reply 14"));
    EXPECT_TRUE(page_has(html, "<a href=\"/articles/border-posts/comments/12?cursor=c%2B%2F%3D\">Load More Replies</a>"));
    EXPECT_TRUE(page_has(html, "<input type=\"hidden\" name=\"parent_id\" value=\"12\">"));
    EXPECT_TRUE(page_has(html, "action=\"/articles/border-posts/comments\""));
    EXPECT_TRUE(page_has(html, "<a href=\"/articles/border-posts#comment-12\">Back to the article: Border posts</a>"));
}

TEST(RepliesPage, FeedbackAndRefill) {
    RepliesView v = replies_view();
    v.feedback = FormFeedback{false, "Too long", domain::CommentId{12}, "<script>alert(1)</script>"};
    std::string html = replies_page(v);
    EXPECT_TRUE(page_has(html, "Oops! Something went wrong while submitting the form."));
    EXPECT_TRUE(page_has(html, ">\n&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"));
    EXPECT_EQ(html.find("<script>"), std::string::npos);

    v.feedback = FormFeedback{true, "", domain::CommentId{12}, ""};
    html = replies_page(v);
    EXPECT_TRUE(page_has(html, "Thank you! Your submission has been received!"));
}

TEST(RepliesPage, DeletedParentHasNoReplyForm) {
    RepliesView v = replies_view();
    v.replies.parent.status = domain::CommentStatus::kDeleted;
    const std::string html = replies_page(v);
    EXPECT_TRUE(page_has(html, "This comment was deleted"));
    EXPECT_FALSE(page_has(html, "the parent"));
    EXPECT_FALSE(page_has(html, "name=\"parent_id\""));
}

TEST(ErrorPage, ShowsStatusTitleMessageAndHomeLink) {
    ErrorView v;
    v.status = 404;
    v.title = "Not Found";
    v.message = "No article <script>alert(1)</script> here.";
    const std::string html = error_page(v);
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(page_has(html, "<h1>404 Not Found</h1>"));
    EXPECT_TRUE(page_has(html, "No article &lt;script&gt;alert(1)&lt;/script&gt; here."));
    EXPECT_TRUE(page_has(html, "<a href=\"/\">"));
    EXPECT_EQ(html.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace tribune::render
