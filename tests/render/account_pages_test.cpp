// A reader's own pages and the marks signed-in readers carry: everything a reader, a provider
// or the newsroom's SSO gave is escaped; tokens and codes only ever in escaped attributes.
#include "render/account_pages.hpp"

#include <gtest/gtest.h>

#include "render/comment_form.hpp"
#include "render/comment_view.hpp"

using namespace tribune;

namespace {

render::SiteInfo site() {
    render::SiteInfo s;
    s.name = "The <Daily>";
    s.base_url = "https://news.example";
    return s;
}

TEST(AccountPages, AccountPageEscapesWhatReadersGave) {
    render::AccountPageView v;
    v.site = site();
    v.csrf_token = "csrf\"tok";
    v.name = "<script>alert(1)</script>";
    v.email = "a\"b@example.org";
    v.verified = true;
    v.badge = "<b>Subscriber</b>";
    v.comments.push_back({"7", "/articles/a#comment-7", "/articles/a", "<img src=x onerror=1>", "pending", "1 May"});
    const std::string html = render::account_page(v);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_EQ(html.find("<b>Subscriber"), std::string::npos);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_NE(html.find("value=\"csrf&quot;tok\""), std::string::npos);
    EXPECT_NE(html.find("(verified)"), std::string::npos);
    EXPECT_NE(html.find("action=\"/account/delete\""), std::string::npos);
    EXPECT_NE(html.find("href=\"/articles/a#comment-7\""), std::string::npos);
    v.can_delete = false;
    EXPECT_EQ(render::account_page(v).find("action=\"/account/delete\""), std::string::npos);
}

TEST(AccountPages, SignInPageOffersWhatTheSiteHas) {
    render::SignInPageView v;
    v.site = site();
    v.email_link = true;
    v.providers.push_back({"local", "Local <ID>"});
    v.return_to = "/articles/a?x=1&y=\"2\"";
    const std::string html = render::sign_in_page(v);
    EXPECT_NE(html.find("action=\"/account/sign-in-link\""), std::string::npos);
    EXPECT_NE(html.find("Sign in with Local &lt;ID&gt;"), std::string::npos);
    EXPECT_NE(html.find("href=\"/auth/oidc/local?return_to=%2Farticles%2Fa%3Fx%3D1%26y%3D%222%22\""), std::string::npos);
    EXPECT_EQ(html.find("y=\"2\""), std::string::npos);
    v.email_link = false;
    v.providers.clear();
    EXPECT_NE(render::sign_in_page(v).find("does not offer reader accounts"), std::string::npos);
}

TEST(AccountPages, LinkAndHandOffPagesKeepSecretsInEscapedAttributes) {
    const std::string link = render::sign_in_link_page(site(), "tok\"><script>");
    EXPECT_EQ(link.find("<script>"), std::string::npos);
    EXPECT_NE(link.find("name=\"token\" value=\"tok&quot;&gt;&lt;script&gt;\""), std::string::npos);
    const std::string go = render::sign_in_continue_page(site(), "https://host.example/p?a=1&b=\"x\"#tribune-signin=C");
    EXPECT_NE(go.find("http-equiv=\"refresh\""), std::string::npos);
    EXPECT_NE(go.find("url=https://host.example/p?a=1&amp;b=&quot;x&quot;#tribune-signin=C"), std::string::npos);
    const std::string popup = render::sign_in_popup_done_page(site(), "https://host.example", "co\"de");
    EXPECT_NE(popup.find("data-origin=\"https://host.example\""), std::string::npos);
    EXPECT_NE(popup.find("data-code=\"co&quot;de\""), std::string::npos);
    EXPECT_NE(popup.find("src=\"/static/signin-popup.js\""), std::string::npos);
}

TEST(AccountPages, CommentsShowTheVerifiedMarkAndTheBadgeEscaped) {
    domain::Comment c;
    c.id = 3;
    c.status = domain::CommentStatus::kApproved;
    c.author.name = "Ada";
    c.author.badge = "<i>Member</i>";
    c.author.verified = true;
    domain::Viewer viewer;
    std::string out;
    render::append_comment(out, c, render::CommentContext{{}, viewer, std::nullopt, "", ""});
    EXPECT_NE(out.find("aria-label=\"Verified account\""), std::string::npos);
    EXPECT_NE(out.find("&lt;i&gt;Member&lt;/i&gt;"), std::string::npos);
    c.author.verified = false;
    c.author.badge.clear();
    out.clear();
    render::append_comment(out, c, render::CommentContext{{}, viewer, std::nullopt, "", ""});
    EXPECT_EQ(out.find("Verified account"), std::string::npos);
    EXPECT_EQ(out.find("badge-account"), std::string::npos);
}

TEST(AccountPages, CommenterStateDecidesTheForms) {
    std::string out;
    render::append_commenter(out, render::CommenterState{true, "Ada <L>", true, true, "/articles/a"}, "ignored");
    EXPECT_NE(out.find("Commenting as <strong>Ada &lt;L&gt;</strong>"), std::string::npos);
    out.clear();
    render::CommenterState required{false, "", true, true, "/articles/a"};
    EXPECT_FALSE(required.may_post());
    render::append_commenter(out, required, "Anon");
    EXPECT_NE(out.find("data-sign-in-required"), std::string::npos);
    EXPECT_NE(out.find("/account?return_to=%2Farticles%2Fa"), std::string::npos);
    EXPECT_EQ(out.find("action=\"/name\""), std::string::npos);
    out.clear();
    render::append_commenter(out, render::CommenterState{false, "", true, false, "/articles/a"}, "Anon");
    EXPECT_NE(out.find("to comment under one name everywhere"), std::string::npos);
    out.clear();
    render::append_commenter(out, render::CommenterState{false, "", false, false, "/articles/a"}, "Anon");
    EXPECT_EQ(out.find("sign-in-prompt"), std::string::npos);
}

}  // namespace
