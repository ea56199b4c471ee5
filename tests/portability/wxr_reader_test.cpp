// The WXR reader: authors, items with their fields and comments, namespaces by URI, bounds.
#include "portability/wxr_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace tribune::portability {
namespace {

constexpr const char* kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\""
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
    " xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>";

struct Read {
    std::vector<WxrAuthor> authors;
    std::vector<WxrItem> items;
};

domain::Result<Read> read(const std::string& xml) {
    Read out;
    WxrHandlers h;
    h.author = [&](WxrAuthor&& a) -> domain::Result<void> {
        out.authors.push_back(std::move(a));
        return {};
    };
    h.item = [&](WxrItem&& i) -> domain::Result<void> {
        out.items.push_back(std::move(i));
        return {};
    };
    std::istringstream in(xml);
    if (auto r = read_wxr(in, h); !r) return r.error();
    return out;
}

TEST(WxrReader, ReadsAuthorsItemsAndComments) {
    auto r = read(std::string(kHead) +
                  "<wp:author><wp:author_login><![CDATA[ana]]></wp:author_login>"
                  "<wp:author_display_name><![CDATA[Ana López]]></wp:author_display_name></wp:author>"
                  "<item><title>Hours &amp; days</title><link>https://old.example/2019/06/hours/</link>"
                  "<dc:creator><![CDATA[ana]]></dc:creator>"
                  "<content:encoded><![CDATA[<p>Body</p>]]></content:encoded>"
                  "<excerpt:encoded><![CDATA[Short]]></excerpt:encoded>"
                  "<wp:post_id>12</wp:post_id><wp:post_date_gmt>2019-06-03 10:00:00</wp:post_date_gmt>"
                  "<wp:comment_status>closed</wp:comment_status><wp:post_name>hours</wp:post_name>"
                  "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                  "<category domain=\"category\" nicename=\"city\"><![CDATA[City]]></category>"
                  "<category domain=\"post_tag\" nicename=\"port\"><![CDATA[Port]]></category>"
                  "<wp:postmeta><wp:meta_key>x</wp:meta_key></wp:postmeta>"
                  "<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Bo</wp:comment_author>"
                  "<wp:comment_author_email>bo@example.org</wp:comment_author_email>"
                  "<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>"
                  "<wp:comment_date_gmt>2019-06-04 08:00:00</wp:comment_date_gmt>"
                  "<wp:comment_content><![CDATA[Hi\n\nthere]]></wp:comment_content>"
                  "<wp:comment_approved>spam</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>"
                  "<wp:comment_parent>4</wp:comment_parent></wp:comment>"
                  "</item></channel></rss>");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->authors.size(), 1u);
    EXPECT_EQ(r->authors[0].login, "ana");
    EXPECT_EQ(r->authors[0].display_name, "Ana López");
    ASSERT_EQ(r->items.size(), 1u);
    const WxrItem& i = r->items[0];
    EXPECT_EQ(i.id, "12");
    EXPECT_EQ(i.title, "Hours & days");
    EXPECT_EQ(i.link, "https://old.example/2019/06/hours/");
    EXPECT_EQ(i.creator, "ana");
    EXPECT_EQ(i.content, "<p>Body</p>");
    EXPECT_EQ(i.excerpt, "Short");
    EXPECT_EQ(i.post_name, "hours");
    EXPECT_EQ(i.post_type, "post");
    EXPECT_EQ(i.status, "publish");
    EXPECT_EQ(i.date_gmt, "2019-06-03 10:00:00");
    EXPECT_EQ(i.comment_status, "closed");
    EXPECT_EQ(i.categories, std::vector<std::string>{"City"});
    EXPECT_EQ(i.tags, std::vector<std::string>{"Port"});
    ASSERT_EQ(i.comments.size(), 1u);
    const WxrComment& c = i.comments[0];
    EXPECT_EQ(c.id, "5");
    EXPECT_EQ(c.parent_id, "4");
    EXPECT_EQ(c.author_name, "Bo");
    EXPECT_EQ(c.author_email, "bo@example.org");
    EXPECT_EQ(c.author_ip, "192.0.2.1");
    EXPECT_EQ(c.date_gmt, "2019-06-04 08:00:00");
    EXPECT_EQ(c.content, "Hi\n\nthere");
    EXPECT_EQ(c.approved, "spam");
    EXPECT_EQ(c.type, "pingback");
}

TEST(WxrReader, RefusesWhatIsNotAnExport) {
    auto bad = read("<disqus></disqus>");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, domain::ErrorCode::kMalformed);
    auto broken = read(std::string(kHead) + "<item><title>x</item>");
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().message.find("line"), std::string::npos);
}

TEST(WxrReader, BoundsFieldsAndTerms) {
    std::string big(kMaxWxrField + 10, 'a');
    auto r = read(std::string(kHead) + "<item><content:encoded>" + big + "</content:encoded></item></channel></rss>");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, domain::ErrorCode::kMalformed);
    std::string terms;
    for (std::size_t i = 0; i <= kMaxWxrTerms; ++i) terms += "<category domain=\"post_tag\">t</category>";
    auto many = read(std::string(kHead) + "<item>" + terms + "</item></channel></rss>");
    ASSERT_FALSE(many.has_value());
}

TEST(WxrReader, AHandlerErrorStopsTheRead) {
    WxrHandlers h;
    int seen = 0;
    h.item = [&](WxrItem&&) -> domain::Result<void> {
        ++seen;
        return domain::make_error(domain::ErrorCode::kUnavailable, "Store down", "x");
    };
    std::istringstream in(std::string(kHead) + "<item/><item/></channel></rss>");
    auto r = read_wxr(in, h);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace tribune::portability
