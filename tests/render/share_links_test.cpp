#include "render/share_links.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

domain::Article article() {
    domain::Article a;
    a.slug = "border-posts";
    a.title = "Border posts & \"radar\" <units>";
    return a;
}

const SiteInfo kSite{"Tribune", "http://127.0.0.1:8080/"};

TEST(ShareLinks, ShareUrlIsAbsolute) {
    EXPECT_EQ(share_url(kSite, article()), "http://127.0.0.1:8080/articles/border-posts");
}

TEST(ShareLinks, EveryTargetCarriesTheEncodedUrl) {
    const std::string enc = "http%3A%2F%2F127.0.0.1%3A8080%2Farticles%2Fborder-posts";
    const auto links = share_links(kSite, article());
    ASSERT_EQ(links.size(), 6u);
    for (const ShareLink& l : links) {
        EXPECT_NE(l.url.find(enc), std::string::npos) << l.label << ": " << l.url;
        EXPECT_EQ(l.url.find(' '), std::string::npos) << l.url;
        EXPECT_EQ(l.url.find('<'), std::string::npos) << l.url;
        EXPECT_EQ(l.url.find('"'), std::string::npos) << l.url;
    }
    EXPECT_EQ(links[0].label, "Email");
    EXPECT_TRUE(links[0].url.starts_with("mailto:?subject=Border%20posts%20%26%20%22radar%22%20%3Cunits%3E&body="));
    EXPECT_TRUE(links[1].url.starts_with("https://twitter.com/intent/tweet?url="));
    EXPECT_TRUE(links[2].url.starts_with("https://www.facebook.com/sharer/sharer.php?u="));
    EXPECT_TRUE(links[3].url.starts_with("https://www.linkedin.com/sharing/share-offsite/?url="));
    EXPECT_TRUE(links[4].url.starts_with("https://www.reddit.com/submit?url="));
    EXPECT_TRUE(links[5].url.starts_with("https://wa.me/?text="));
}

TEST(ShareLinks, BlockEscapesAmpersandsAndHasCopyButton) {
    std::string out;
    append_share_block(out, kSite, article());
    EXPECT_NE(out.find(">Share</h2>"), std::string::npos);
    EXPECT_NE(out.find("data-copy-url=\"http://127.0.0.1:8080/articles/border-posts\" hidden>Copy link</button>"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("readonly value=\"http://127.0.0.1:8080/articles/border-posts\""), std::string::npos);
    EXPECT_NE(out.find("https://www.reddit.com/submit?url=http%3A%2F%2F127.0.0.1%3A8080%2Farticles%2Fborder-posts"
                       "&amp;title="),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("<units>"), std::string::npos);
    EXPECT_EQ(out.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace tribune::render
