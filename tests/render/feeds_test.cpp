#include "render/feeds.hpp"

#include <gtest/gtest.h>

#include "domain/xml_text.hpp"

namespace tribune::render {
namespace {

const domain::Time kFeedNow = domain::from_micros(1'773'550'380'000'000);  // 2026-03-15T04:53:00Z, a Sunday

bool feed_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

FeedView feed_of(std::string title, std::string body_html) {
    domain::Article a;
    a.id = 42;
    a.slug = "harbour-reopens";
    a.title = std::move(title);
    a.summary = "Ships & <boats>";
    a.authors = {{"Ana Núñez", "ana-nunez"}};
    a.section = domain::NamedRef{"Harbour", "harbour"};
    a.tags = {{"Ships", "ships"}};
    a.published_at = kFeedNow;
    a.updated_at = kFeedNow + std::chrono::hours(1);
    a.created_at = kFeedNow;
    FeedView v;
    v.site.name = "The Tribune";
    v.site.base_url = "https://news.example:8443";
    v.site.language = "en-GB";
    v.title = "Harbour";
    v.page_path = "/sections/harbour";
    v.now = kFeedNow;
    v.entries.push_back({std::move(a), std::move(body_html)});
    return v;
}

TEST(FeedDates, Rfc822IsUtcWithWeekdayAndFourDigitYear) {
    EXPECT_EQ(rfc822_date(kFeedNow), "Sun, 15 Mar 2026 04:53:00 GMT");
    EXPECT_EQ(rfc822_date(domain::from_micros(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(rfc822_date(kFeedNow + std::chrono::hours(24 * 290) + std::chrono::seconds(7)),
              "Wed, 30 Dec 2026 04:53:07 GMT");
}

TEST(FeedIds, TagUrisUseTheHostAloneAndTheCreationDay) {
    EXPECT_EQ(tag_uri("https://news.example:8443/x", kFeedNow, "article:42"), "tag:news.example,2026-03-15:article:42");
    EXPECT_EQ(tag_uri("http://127.0.0.1:8080", kFeedNow, "comment:7"), "tag:127.0.0.1,2026-03-15:comment:7");
    EXPECT_EQ(tag_uri("", kFeedNow, "a"), "tag:localhost,2026-03-15:a");
}

TEST(FeedPaths, FollowThePage) {
    EXPECT_EQ(feed_path("/", FeedFormat::kRss), "/feed.rss");
    EXPECT_EQ(feed_path("/sections/harbour", FeedFormat::kAtom), "/sections/harbour/feed.atom");
    EXPECT_EQ(comments_feed_path("x"), "/articles/x/comments.atom");
}

TEST(XmlText, EscapesMarkupAndDropsWhatXmlCannotHold) {
    EXPECT_EQ(domain::xml_escape("a & <b> \"c\" 'd' ]]>"), "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos; ]]&gt;");
    EXPECT_EQ(domain::xml_escape(std::string("x\x01y\x1Fz\tq\n", 8)), "xyz\tq\n");
    EXPECT_EQ(domain::xml_escape("\xEF\xBF\xBE"), "");                 // U+FFFE
    EXPECT_EQ(domain::xml_escape("a\xFF" "b"), "a\xEF\xBF\xBD" "b");    // not UTF-8: U+FFFD
    EXPECT_EQ(domain::xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    EXPECT_EQ(domain::xml_escape("Núñez €"), "Núñez €");
}

TEST(Feeds, RssItemsCarryEscapedTextAbsoluteLinksAndTheBody) {
    const std::string rss = rss_feed(feed_of("A <script>alert(1)</script> ]]> & more", "<p>Body &amp; <em>more</em></p>"));
    EXPECT_TRUE(feed_has(rss, "<title>A &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; more</title>"));
    EXPECT_FALSE(feed_has(rss, "<script>"));
    EXPECT_TRUE(feed_has(rss, "<link>https://news.example:8443/articles/harbour-reopens</link>"));
    EXPECT_TRUE(feed_has(rss, "<guid isPermaLink=\"false\">tag:news.example,2026-03-15:article:42</guid>"));
    EXPECT_TRUE(feed_has(rss, "<pubDate>Sun, 15 Mar 2026 04:53:00 GMT</pubDate>"));
    EXPECT_TRUE(feed_has(rss, "<dc:creator>Ana Núñez</dc:creator>"));
    EXPECT_TRUE(feed_has(rss, "<category>Harbour</category>"));
    EXPECT_TRUE(feed_has(rss, "<description>Ships &amp; &lt;boats&gt;</description>"));
    EXPECT_TRUE(feed_has(rss, "<content:encoded>&lt;p&gt;Body &amp;amp; &lt;em&gt;more&lt;/em&gt;&lt;/p&gt;</content:encoded>"));
    EXPECT_TRUE(feed_has(rss, "<language>en-GB</language>"));
    EXPECT_TRUE(feed_has(rss, "href=\"https://news.example:8443/sections/harbour/feed.rss\""));
}

TEST(Feeds, AtomEntriesHaveDatesAuthorsAndHtmlContent) {
    const std::string atom = atom_feed(feed_of("Title", "<p>x</p>"));
    EXPECT_TRUE(feed_has(atom, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\" xml:base=\"https://news.example:8443/\">"));
    EXPECT_TRUE(feed_has(atom, "<id>https://news.example:8443/sections/harbour/feed.atom</id>"));
    EXPECT_TRUE(feed_has(atom, "<published>2026-03-15T04:53:00Z</published>"));
    EXPECT_TRUE(feed_has(atom, "<updated>2026-03-15T05:53:00Z</updated>"));
    EXPECT_TRUE(feed_has(atom, "<author><name>Ana Núñez</name>\n<uri>https://news.example:8443/authors/ana-nunez</uri>"));
    EXPECT_TRUE(feed_has(atom, "<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content>"));
    EXPECT_TRUE(feed_has(atom, "<category term=\"harbour\" label=\"Harbour\"/>"));
}

TEST(Feeds, AnEmptyFeedIsStillAFeed) {
    FeedView v = feed_of("x", "");
    v.entries.clear();
    const std::string atom = atom_feed(v);
    EXPECT_TRUE(feed_has(atom, "<updated>2026-03-15T04:53:00Z</updated>"));
    EXPECT_FALSE(feed_has(atom, "<entry>"));
    EXPECT_FALSE(feed_has(rss_feed(v), "<item>"));
}

TEST(Feeds, CommentTextIsAlwaysText) {
    CommentFeedView v;
    v.site.base_url = "http://127.0.0.1:8080";
    v.article.id = 1;
    v.article.slug = "a";
    v.article.title = "A";
    domain::Comment c;
    c.id = 9;
    c.author.name = "<b>Eve</b>";
    c.text = "<img src=x onerror=alert(1)> ]]> &";
    c.created_at = kFeedNow;
    v.comments.push_back(c);
    const std::string atom = comments_atom_feed(v);
    EXPECT_TRUE(feed_has(atom, "<content type=\"text\">&lt;img src=x onerror=alert(1)&gt; ]]&gt; &amp;</content>"));
    EXPECT_FALSE(feed_has(atom, "type=\"html\""));
    EXPECT_TRUE(feed_has(atom, "<name>&lt;b&gt;Eve&lt;/b&gt;</name>"));
    EXPECT_TRUE(feed_has(atom, "href=\"http://127.0.0.1:8080/articles/a#comment-9\""));
}

}  // namespace
}  // namespace tribune::render
