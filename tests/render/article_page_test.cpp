#include "render/pages.hpp"

#include <gtest/gtest.h>

#include "render/markdown.hpp"

namespace tribune::render {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr std::string_view kScript = "<script>alert(1)</script>";
constexpr std::string_view kImg = "\"><img src=x onerror=alert(1)>";
constexpr std::string_view kJsUrl = "javascript:alert(1)";

const domain::Time kArticleNow = domain::from_micros(1'773'550'380'000'000);  // 2026-03-15T04:53:00Z

bool article_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

std::size_t count(const std::string& s, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + needle.size())) ++n;
    return n;
}

domain::Comment article_comment(domain::CommentId id, std::string text,
                        domain::CommentStatus status = domain::CommentStatus::kApproved) {
    domain::Comment c;
    c.id = id;
    c.page = "/articles/border-posts";
    c.author.name = "Reader " + std::to_string(id);
    c.text = std::move(text);
    c.status = status;
    c.created_at = kArticleNow - hours{24 * 365 * 4 + 48};
    c.author_token_hash = "other-token";
    return c;
}

domain::CommentNode node(domain::Comment c) { return domain::CommentNode{std::move(c), {}, std::nullopt}; }

ArticleView base_view() {
    ArticleView v;
    v.site = SiteInfo{"Tribune", "http://127.0.0.1:8080"};
    v.now = kArticleNow;
    v.article.id = 1;
    v.article.slug = "border-posts";
    v.article.title = "Border posts change hands";
    v.article.summary = "A short summary.";
    v.article.authors = {{"Mira Hovhannisyan", "mira-hovhannisyan"}};
    v.article.published_at = kArticleNow - hours{5};
    v.body_html = markdown_to_html("First paragraph.\n\nSecond *paragraph*.\n");
    v.thread.page = v.article.page_key();
    v.viewer.author_token_hash = "my-token";
    return v;
}

TEST(ArticlePage, IsACompleteDocument) {
    const std::string html = article_page(base_view());
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(article_has(html, "<html lang=\"en\">"));
    EXPECT_TRUE(article_has(html, "<meta name=\"viewport\""));
    EXPECT_TRUE(article_has(html, "<link rel=\"stylesheet\" href=\"/static/tribune.css\">"));
    EXPECT_TRUE(article_has(html, "<script src=\"/static/tribune.js\" defer></script>"));
    EXPECT_TRUE(article_has(html, "</html>"));
    EXPECT_TRUE(article_has(html, "<script src=\"/embed.js\" defer></script>"));
    // The deferred, optional ones, and the JSON-LD data block (never run).
    EXPECT_EQ(count(html, "<script"), 3u);
    EXPECT_EQ(count(html, "<script type=\"application/ld+json\">"), 1u);
}

TEST(ArticlePage, ShowsHeadlineDateAndByline) {
    const std::string html = article_page(base_view());
    EXPECT_TRUE(article_has(html, "<h1 class=\"headline\">Border posts change hands</h1>"));
    EXPECT_TRUE(article_has(html, "<time datetime=\"2026-03-14T23:53:00Z\""));
    EXPECT_TRUE(article_has(html, ">Mar 14, 2026</time>"));
    EXPECT_TRUE(article_has(html, "By <span class=\"author\">Mira Hovhannisyan</span>"));
    EXPECT_TRUE(article_has(html, "<p>Second <em>paragraph</em>.</p>"));
}

TEST(ArticlePage, SaysUpdatedOnlyWhenChangedAfterPublication) {
    ArticleView v = base_view();
    v.article.updated_at = v.article.published_at;
    EXPECT_EQ(article_page(v).find("class=\"updated\""), std::string::npos);
    v.article.updated_at = v.article.published_at + hours{2};
    const std::string html = article_page(v);
    EXPECT_NE(html.find("<span class=\"updated\">Updated <time datetime=\"" +
                        domain::format_rfc3339(v.article.updated_at) + "\""),
              std::string::npos);
    v.article.authors.push_back({"Ana Núñez", "ana-nunez"});
    EXPECT_NE(article_page(v).find("Mira Hovhannisyan and Ana Núñez"), std::string::npos);
}

TEST(ArticlePage, AnImageIsAnImageWithItsAltTextSizeAndCredit) {
    ArticleView v = base_view();
    v.article.media = domain::Media{"image", "/media/pier.jpg", "image/jpeg", 0, "The pier <at dawn>", "Boats \"moored\"",
                                    "© Harbour <office>", 1200, 800};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<img src=\"/media/pier.jpg\" alt=\"Boats &quot;moored&quot;\" width=\"1200\" height=\"800\""));
    EXPECT_TRUE(article_has(html, "The pier &lt;at dawn&gt;"));
    EXPECT_TRUE(article_has(html, "<span class=\"media-credit\">© Harbour &lt;office&gt;</span>"));
    EXPECT_EQ(html.find("<video"), std::string::npos);
    EXPECT_EQ(html.find("media-duration"), std::string::npos) << "an image has no length";
}

TEST(ArticlePage, CommentCountIsSingularOrPlural) {
    ArticleView v = base_view();
    v.thread.total = 0;
    EXPECT_TRUE(article_has(article_page(v), "<a href=\"#comments\" data-count-link>0 Comments</a>"));
    v.thread.total = 1;
    EXPECT_TRUE(article_has(article_page(v), "<a href=\"#comments\" data-count-link>1 Comment</a>"));
    v.thread.total = 24;
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<a href=\"#comments\" data-count-link>24 Comments</a>"));
    EXPECT_TRUE(article_has(html, "Comments <span class=\"comment-total\" data-count>24</span>"));
}

TEST(ArticlePage, EmptyThreadInvitesTheFirstComment) {
    ArticleView v = base_view();
    std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "Be the first to leave a comment."));
    EXPECT_TRUE(article_has(html, "<section id=\"comments\" class=\"discussion\" data-page=\"/articles/border-posts\""));
    EXPECT_TRUE(article_has(html, "Active: <span data-active>0</span>"));
    EXPECT_TRUE(article_has(html, "class=\"loader\""));
    EXPECT_TRUE(article_has(html, "<span>Loading</span>"));
    EXPECT_TRUE(article_has(html, "hidden>Someone is typing...</p>"));

    v.is_continuation = true;
    html = article_page(v);
    EXPECT_FALSE(article_has(html, "Be the first to leave a comment."));
    EXPECT_TRUE(article_has(html, "href=\"/articles/border-posts#comments\">Back to the first comments</a>"));

    v = base_view();
    v.thread.comments.push_back(node(article_comment(1, "hello")));
    EXPECT_FALSE(article_has(article_page(v), "Be the first to leave a comment."));
}

TEST(ArticlePage, DiscussionTellsTheScriptWhereLiveCommentsGo) {
    ArticleView v = base_view();
    EXPECT_TRUE(article_has(article_page(v), "data-page=\"/articles/border-posts\" data-live-insert=\"auto\""));
    v.live_insert = "immediate";
    EXPECT_TRUE(article_has(article_page(v), " data-live-insert=\"immediate\""));
    v.live_insert = "\"><script>";
    const std::string html = article_page(v);
    EXPECT_FALSE(article_has(html, "\"><script>"));
    EXPECT_TRUE(article_has(html, " data-live-insert=\"&quot;&gt;&lt;script&gt;\""));
}

TEST(ArticlePage, RelatedArticlesOrEmptyState) {
    ArticleView v = base_view();
    std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "More by Mira Hovhannisyan"));
    EXPECT_TRUE(article_has(html, "No items found."));

    domain::Article r;
    r.slug = "radar-units";
    r.title = "Radar units withdraw";
    r.authors = {{"Mira Hovhannisyan", "mira-hovhannisyan"}};
    v.related.push_back(r);
    html = article_page(v);
    EXPECT_FALSE(article_has(html, "No items found."));
    EXPECT_TRUE(article_has(html, "<a href=\"/articles/radar-units\">Radar units withdraw</a>"));
    EXPECT_TRUE(article_has(html, "<p class=\"byline\">By <span class=\"author\">Mira Hovhannisyan</span></p>"));
}

TEST(ArticlePage, EscapesCommentTextAndAuthorName) {
    for (const std::string_view evil : {kScript, kImg, kJsUrl}) {
        ArticleView v = base_view();
        domain::Comment c = article_comment(7, std::string(evil));
        c.author.name = std::string(evil);
        domain::CommentNode n = node(c);
        domain::Comment reply = article_comment(8, std::string(evil));
        reply.parent_id = 7;
        reply.author.name = std::string(evil);
        n.replies.push_back(reply);
        v.thread.comments.push_back(n);
        v.display_name = std::string(evil);
        const std::string html = article_page(v);
        EXPECT_FALSE(article_has(html, "<script>")) << evil;
        EXPECT_FALSE(article_has(html, "<img")) << evil;
        EXPECT_FALSE(article_has(html, "\"><img")) << evil;
        EXPECT_FALSE(article_has(html, "href=\"javascript")) << evil;
    }
    ArticleView v = base_view();
    domain::Comment c = article_comment(7, std::string(kScript));
    c.author.name = std::string(kImg);
    v.thread.comments.push_back(node(c));
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<p class=\"comment-text\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
    EXPECT_TRUE(article_has(html, "<span class=\"comment-author\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</span>"));
    EXPECT_FALSE(article_has(html, "onerror=alert(1)>"));
}

TEST(ArticlePage, EscapesArticleFields) {
    ArticleView v = base_view();
    v.site.name = std::string(kScript);
    v.article.title = std::string(kScript);
    v.article.summary = std::string(kImg);
    v.article.authors = {{std::string(kImg), "img"}};
    v.article.slug = "a\"><img src=x>";
    domain::Article r = v.article;
    v.related.push_back(r);
    v.article.media = domain::Media{"video", std::string(kJsUrl), "video/mp4\"><img src=x>", 293, std::string(kScript), {}, {}, 0, 0};
    const std::string html = article_page(v);
    // The deferred script tags and the JSON-LD data block only: the title did not add one.
    EXPECT_EQ(count(html, "<script"), 3u);
    EXPECT_EQ(count(html, "<script type=\"application/ld+json\">"), 1u);
    EXPECT_EQ(count(html, "</script>"), 3u);
    EXPECT_FALSE(article_has(html, "<img"));
    EXPECT_FALSE(article_has(html, "src=\"javascript"));
    EXPECT_FALSE(article_has(html, "href=\"javascript"));
    EXPECT_TRUE(article_has(html, "<h1 class=\"headline\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    EXPECT_TRUE(article_has(html, "<meta name=\"description\" content=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"));
    EXPECT_TRUE(article_has(html, "/articles/a%22%3E%3Cimg%20src%3Dx%3E"));
}

TEST(ArticlePage, ModeratorBadgeOnlyForStaffAuthors) {
    ArticleView v = base_view();
    domain::Comment reader = article_comment(1, "reader");
    domain::Comment mod = article_comment(2, "mod");
    mod.author.role = domain::Role::kModerator;
    domain::Comment admin = article_comment(3, "admin");
    admin.author.role = domain::Role::kAdmin;
    v.thread.comments = {node(reader)};
    EXPECT_FALSE(article_has(article_page(v), ">Moderator</span>"));
    v.thread.comments = {node(reader), node(mod), node(admin)};
    EXPECT_EQ(count(article_page(v), "<span class=\"badge badge-staff\">Moderator</span>"), 2u);
}

TEST(ArticlePage, CommentShowsRelativeTimeAndEditedMarker) {
    ArticleView v = base_view();
    domain::Comment c = article_comment(5, "text");
    v.thread.comments = {node(c)};
    std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<article class=\"comment status-approved\" id=\"comment-5\" data-id=\"5\" "
                               "data-status=\"approved\">"));
    EXPECT_TRUE(article_has(html, "title=\"14 Mar 2022, 04:53 UTC\">4 years ago</time>"));
    EXPECT_FALSE(article_has(html, "(Edited)"));

    c.edited_at = kArticleNow - hours{1};
    v.thread.comments = {node(c)};
    html = article_page(v);
    EXPECT_TRUE(article_has(html, "<span class=\"edited\" title=\"Edited 15 Mar 2026, 03:53 UTC\">(Edited)</span>"));
}

TEST(ArticlePage, CommentTextKeepsLineBreaksAsText) {
    ArticleView v = base_view();
    v.thread.comments = {node(article_comment(5, "line one\nline two"))};
    EXPECT_TRUE(article_has(article_page(v), "<p class=\"comment-text\">line one\nline two</p>"));
}

TEST(ArticlePage, PendingNoticeOnlyForTheAuthorsOwnComment) {
    constexpr std::string_view kNotice = "Your comment will appear once approved by a moderator.";
    ArticleView v = base_view();
    domain::Comment mine = article_comment(1, "mine", domain::CommentStatus::kPending);
    mine.author_token_hash = "my-token";
    domain::Comment approved_mine = article_comment(2, "approved mine");
    approved_mine.author_token_hash = "my-token";
    domain::Comment theirs = article_comment(3, "theirs", domain::CommentStatus::kPending);
    v.thread.comments = {node(mine), node(approved_mine), node(theirs)};
    std::string html = article_page(v);
    EXPECT_EQ(count(html, kNotice), 1u);
    EXPECT_TRUE(article_has(html, "data-status=\"pending\""));
    EXPECT_FALSE(article_has(html, "theirs"));  // someone else's pending comment is not shown at all

    v.viewer = domain::Viewer{};
    html = article_page(v);
    EXPECT_FALSE(article_has(html, kNotice));
    EXPECT_FALSE(article_has(html, ">mine<"));
}

TEST(ArticlePage, StaffSeeStatusLabels) {
    ArticleView v = base_view();
    v.viewer.role = domain::Role::kModerator;
    v.viewer.user_id = 99;
    v.thread.comments = {node(article_comment(1, "p", domain::CommentStatus::kPending)),
                         node(article_comment(2, "r", domain::CommentStatus::kRejected)),
                         node(article_comment(3, "s", domain::CommentStatus::kSpam)), node(article_comment(4, "a"))};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<span class=\"status-label\">Pending</span>"));
    EXPECT_TRUE(article_has(html, "<span class=\"status-label\">Rejected</span>"));
    EXPECT_TRUE(article_has(html, "<span class=\"status-label\">Spam</span>"));
    EXPECT_EQ(count(html, "status-label"), 3u);
    EXPECT_FALSE(article_has(html, "Your comment will appear"));
}

TEST(ArticlePage, DeletedCommentShowsTombstoneOnly) {
    ArticleView v = base_view();
    domain::Comment gone = article_comment(4, "secret words", domain::CommentStatus::kDeleted);
    gone.author.name = "Vanished Author";
    domain::CommentNode n = node(gone);
    domain::Comment reply = article_comment(5, "a reply");
    reply.parent_id = 4;
    n.replies.push_back(reply);
    v.thread.comments = {n};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "This comment was deleted"));
    EXPECT_TRUE(article_has(html, "data-status=\"deleted\""));
    EXPECT_FALSE(article_has(html, "secret words"));
    EXPECT_FALSE(article_has(html, "Vanished Author"));
    EXPECT_FALSE(article_has(html, "name=\"parent_id\" value=\"4\""));
    EXPECT_TRUE(article_has(html, "a reply"));
}

TEST(ArticlePage, LoadMoreLinksCarryEncodedCursors) {
    ArticleView v = base_view();
    domain::CommentNode n = node(article_comment(12, "top"));
    n.replies_next_cursor = "ab+c/d=&e";
    v.thread.comments = {n};
    v.thread.next_cursor = "x y+z/=";
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<a href=\"/articles/border-posts/comments/12?cursor=ab%2Bc%2Fd%3D%26e\">"
                               "Load More Replies</a>"));
    EXPECT_TRUE(article_has(html, "<a href=\"/articles/border-posts?cursor=x%20y%2Bz%2F%3D#comments\">"
                               "Load More Comments</a>"));

    v.thread.next_cursor.reset();
    v.thread.comments[0].replies_next_cursor.reset();
    const std::string none = article_page(v);
    EXPECT_FALSE(article_has(none, "Load More Replies"));
    EXPECT_FALSE(article_has(none, "Load More Comments"));
}

TEST(ArticlePage, ShareLinksAreEncoded) {
    const std::string html = article_page(base_view());
    const std::string enc = "http%3A%2F%2F127.0.0.1%3A8080%2Farticles%2Fborder-posts";
    EXPECT_TRUE(article_has(html, "https://twitter.com/intent/tweet?url=" + enc));
    EXPECT_TRUE(article_has(html, "https://www.facebook.com/sharer/sharer.php?u=" + enc));
    EXPECT_TRUE(article_has(html, "https://www.linkedin.com/sharing/share-offsite/?url=" + enc));
    EXPECT_TRUE(article_has(html, "https://www.reddit.com/submit?url=" + enc + "&amp;title=Border%20posts"));
    EXPECT_TRUE(article_has(html, "https://wa.me/?text=Border%20posts%20change%20hands%20" + enc));
    EXPECT_TRUE(article_has(html, "mailto:?subject=Border%20posts%20change%20hands&amp;body="));
    EXPECT_TRUE(article_has(html, "data-copy-url=\"http://127.0.0.1:8080/articles/border-posts\""));
}

TEST(ArticlePage, MediaWithDuration) {
    ArticleView v = base_view();
    v.article.media = domain::Media{"video", "/media/clip.mp4", "video/mp4", 293, "Border crossing", {}, {}, 0, 0};
    std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<video controls preload=\"metadata\"><source src=\"/media/clip.mp4\" "
                               "type=\"video/mp4\">"));
    EXPECT_TRUE(article_has(html, "<time datetime=\"PT4M53S\">04:53</time>"));
    EXPECT_TRUE(article_has(html, "Border crossing"));

    v.article.media = domain::Media{"audio", "https://cdn.example/a.mp3", "audio/mpeg", 293, "", {}, {}, 0, 0};
    html = article_page(v);
    EXPECT_TRUE(article_has(html, "<audio controls preload=\"metadata\"><source src=\"https://cdn.example/a.mp3\""));
    EXPECT_FALSE(article_has(html, "<video"));

    EXPECT_FALSE(article_has(article_page(base_view()), "<figure class=\"media"));
}

TEST(ArticlePage, NameFormAndCommentForm) {
    ArticleView v = base_view();
    std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "<strong class=\"display-name\">No Name</strong>"));
    EXPECT_TRUE(article_has(html, "<form class=\"name-form\" method=\"post\" action=\"/name\">"));
    EXPECT_TRUE(article_has(html, "name=\"author_name\" type=\"text\" maxlength=\"64\""));
    EXPECT_TRUE(article_has(html, "<input type=\"hidden\" name=\"return_to\" value=\"/articles/border-posts\">"));
    EXPECT_TRUE(article_has(html, "<button type=\"submit\">Set</button>"));
    EXPECT_TRUE(article_has(html, "<form class=\"comment-form\" method=\"post\" action=\"/articles/border-posts/comments\">"));
    EXPECT_TRUE(article_has(html, "name=\"text\" rows=\"4\" required maxlength=\"10000\""));
    EXPECT_TRUE(article_has(html, "<button type=\"submit\">Post comment</button>"));

    v.display_name = "Ani";
    v.thread.comments = {node(article_comment(3, "top"))};
    html = article_page(v);
    EXPECT_TRUE(article_has(html, "<strong class=\"display-name\">Ani</strong>"));
    EXPECT_EQ(count(html, "<input type=\"hidden\" name=\"author_name\" value=\"Ani\">"), 2u);
    EXPECT_TRUE(article_has(html, "<details class=\"reply-box\"><summary>Reply</summary>"));
    EXPECT_TRUE(article_has(html, "<input type=\"hidden\" name=\"parent_id\" value=\"3\">"));
}

TEST(ArticlePage, SuccessFeedback) {
    ArticleView v = base_view();
    v.feedback = FormFeedback{true, "", std::nullopt, ""};
    v.posted_id = 9;
    v.thread.comments = {node(article_comment(9, "just posted"))};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "role=\"status\"><p>Thank you! Your submission has been received!</p>"));
    EXPECT_FALSE(article_has(html, "Oops!"));
    EXPECT_TRUE(article_has(html, "<article class=\"comment is-new status-approved\" id=\"comment-9\""));
}

TEST(ArticlePage, FailedTopLevelPostRefillsTheMainForm) {
    ArticleView v = base_view();
    v.thread.comments = {node(article_comment(3, "top"))};
    v.feedback = FormFeedback{false, "Comment text is too long", std::nullopt, "my <b>draft</b>\nline 2"};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "role=\"alert\"><p>Oops! Something went wrong while submitting the form.</p>"
                               "<p class=\"feedback-detail\">Comment text is too long</p>"));
    EXPECT_TRUE(article_has(html, "maxlength=\"10000\" placeholder=\"Plain text only\">\nmy &lt;b&gt;draft&lt;/b&gt;\n"
                               "line 2</textarea>"));
    EXPECT_EQ(count(html, "my &lt;b&gt;draft"), 1u);
    EXPECT_FALSE(article_has(html, "<details class=\"reply-box\" open>"));
}

TEST(ArticlePage, FailedReplyRefillsThatReplyForm) {
    ArticleView v = base_view();
    v.thread.comments = {node(article_comment(3, "first")), node(article_comment(4, "second"))};
    v.feedback = FormFeedback{false, "Too fast", domain::CommentId{4}, "reply draft"};
    const std::string html = article_page(v);
    EXPECT_EQ(count(html, "reply draft"), 1u);
    EXPECT_EQ(count(html, "Oops! Something went wrong"), 1u);
    const auto form4 = html.find("id=\"reply-text-4\"");
    const auto draft = html.find("reply draft");
    ASSERT_NE(form4, std::string::npos);
    EXPECT_LT(form4, draft);
    EXPECT_LT(html.find("id=\"reply-text-3\""), form4);
    EXPECT_LT(html.find("id=\"comment-text\""), form4);
    EXPECT_EQ(count(html, "<details class=\"reply-box\" open>"), 1u);
    // The main form stays empty.
    EXPECT_TRUE(article_has(html, "placeholder=\"Plain text only\">\n</textarea>"));
}

TEST(ArticlePage, ReplyFeedbackForACommentNotOnThePageStillShows) {
    ArticleView v = base_view();
    v.feedback = FormFeedback{false, "Parent comment not found", domain::CommentId{77}, "lost draft"};
    const std::string html = article_page(v);
    EXPECT_TRUE(article_has(html, "Oops! Something went wrong while submitting the form."));
    EXPECT_TRUE(article_has(html, "Parent comment not found"));
}

}  // namespace
}  // namespace tribune::render
