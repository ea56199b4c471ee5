// The pages of reader mail (the links' confirm and unsubscribe pages), the comment forms' mail
// fields, and the desk's notifications page.
#include <gtest/gtest.h>

#include "render/comment_form.hpp"
#include "render/desk_pages.hpp"
#include "render/pages.hpp"

namespace tribune::render {
namespace {

bool mail_page_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

MailLinkView mail_link(MailLinkView::Action action, MailLinkView::Step step) {
    MailLinkView v;
    v.site.name = "The Daily Test";
    v.action = action;
    v.step = step;
    v.token = "abc-_.DEF";
    return v;
}

TEST(MailLinkPage, ConfirmAsksWithAPostButtonCarryingTheToken) {
    const std::string html = mail_link_page(mail_link(MailLinkView::Action::kConfirm, MailLinkView::Step::kAsk));
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(mail_page_has(html, "<h1>Confirm your address</h1>"));
    EXPECT_TRUE(mail_page_has(html, "<form method=\"post\" action=\"/notifications/confirm\">"));
    EXPECT_TRUE(mail_page_has(html, "<input type=\"hidden\" name=\"t\" value=\"abc-_.DEF\">"));
    EXPECT_TRUE(mail_page_has(html, ">Confirm my address</button>"));
}

TEST(MailLinkPage, DonePagesHaveNoForm) {
    for (auto action : {MailLinkView::Action::kConfirm, MailLinkView::Action::kStopThread, MailLinkView::Action::kStopAll}) {
        auto v = mail_link(action, MailLinkView::Step::kDone);
        v.page = "/articles/x";
        const std::string html = mail_link_page(v);
        EXPECT_FALSE(mail_page_has(html, "<form")) << html;
        EXPECT_FALSE(mail_page_has(html, "abc-_.DEF")) << "the token is not needed any more";
    }
    EXPECT_TRUE(mail_page_has(mail_link_page(mail_link(MailLinkView::Action::kConfirm, MailLinkView::Step::kDone)),
                              "<h1>Confirmed</h1>"));
}

TEST(MailLinkPage, UnsubscribePostsToTheLinkItselfAndSaysWhatStops) {
    auto thread = mail_link(MailLinkView::Action::kStopThread, MailLinkView::Step::kAsk);
    thread.page = "/articles/first";
    const std::string one = mail_link_page(thread);
    EXPECT_TRUE(mail_page_has(one, "<form method=\"post\" action=\"/notifications/unsubscribe?t=abc-_.DEF\">"));
    EXPECT_TRUE(mail_page_has(one, "the discussion at <code>/articles/first</code>"));
    EXPECT_TRUE(mail_page_has(one, ">Stop mail about this discussion</button>"));
    const std::string all = mail_link_page(mail_link(MailLinkView::Action::kStopAll, MailLinkView::Step::kAsk));
    EXPECT_TRUE(mail_page_has(all, "no more mail from The Daily Test"));
    EXPECT_TRUE(mail_page_has(all, ">Stop all mail</button>"));
}

TEST(MailLinkPage, EscapesThePageKeyTokenAndSiteName) {
    auto v = mail_link(MailLinkView::Action::kStopThread, MailLinkView::Step::kAsk);
    v.page = "/p\"><script>alert(1)</script>";
    v.token = "\"><script>t</script>";
    v.site.name = "<b>Site</b>";
    for (auto step : {MailLinkView::Step::kAsk, MailLinkView::Step::kDone}) {
        v.step = step;
        const std::string html = mail_link_page(v);
        EXPECT_FALSE(mail_page_has(html, "<script>")) << html;
        EXPECT_FALSE(mail_page_has(html, "<b>Site"));
        EXPECT_TRUE(mail_page_has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

TEST(CommentFormMailFields, EveryFormAsksWithLabelsAndIdsOfItsOwn) {
    std::string top;
    append_comment_form(top, CommentForm{"/articles/a/comments", std::nullopt, "", "", ""});
    EXPECT_TRUE(mail_page_has(top, "<label for=\"comment-email\">Email (optional, never shown)</label>"));
    EXPECT_TRUE(mail_page_has(top, "<input id=\"comment-email\" name=\"author_email\" type=\"email\" maxlength=\"254\""));
    EXPECT_TRUE(mail_page_has(top, "<input type=\"checkbox\" name=\"notify_replies\" value=\"1\"> Notify me of replies by email</label>"));
    EXPECT_TRUE(mail_page_has(top, "<input type=\"checkbox\" name=\"notify_approval\" value=\"1\"> Tell me when it is approved</label>"));
    EXPECT_FALSE(mail_page_has(top, " required>")) << "the address stays optional";
    EXPECT_LT(top.find("name=\"author_email\""), top.find("<button type=\"submit\">"));
    std::string reply;
    append_comment_form(reply, CommentForm{"/articles/a/comments", domain::CommentId{7}, "", "", ""});
    EXPECT_TRUE(mail_page_has(reply, "<label for=\"reply-email-7\">"));
    EXPECT_TRUE(mail_page_has(reply, "<input id=\"reply-email-7\" name=\"author_email\""));
    EXPECT_FALSE(mail_page_has(reply, "checked")) << "nothing is ticked for the reader";
}

DeskNotificationsView notifications_view(std::string mode) {
    DeskNotificationsView v;
    v.frame.site.name = "The Daily Test";
    v.frame.staff.name = "Mod Erator";
    v.frame.staff.role = domain::Role::kModerator;
    v.frame.staff.csrf_token = "csrf-Tok3n";
    v.frame.section = DeskSection::kNotifications;
    v.mode = std::move(mode);
    v.digest_minutes = 90;
    return v;
}

TEST(DeskNotificationsPage, ShowsTheChoiceAndPostsWithTheCsrfField) {
    const std::string html = desk_notifications_page(notifications_view("digest"));
    EXPECT_TRUE(mail_page_has(html, "<a href=\"/admin/notifications\" aria-current=\"page\">Notifications</a>"));
    EXPECT_TRUE(mail_page_has(html, "action=\"/admin/notifications\""));
    EXPECT_TRUE(mail_page_has(html, "name=\"csrf_token\" value=\"csrf-Tok3n\""));
    EXPECT_TRUE(mail_page_has(html, "value=\"digest\" checked>"));
    EXPECT_FALSE(mail_page_has(html, "value=\"off\" checked>"));
    EXPECT_TRUE(mail_page_has(html, "<label for=\"digest-minutes\">"));
    EXPECT_TRUE(mail_page_has(html, "min=\"5\" max=\"1440\" value=\"90\""));
    EXPECT_TRUE(mail_page_has(desk_notifications_page(notifications_view("off")), "value=\"off\" checked>"));
}

TEST(DeskNotificationsPage, EveryStaffMemberHasTheNavLink) {
    auto v = notifications_view("off");
    v.frame.section = DeskSection::kQueue;
    EXPECT_TRUE(mail_page_has(desk_notifications_page(v), "<a href=\"/admin/notifications\">Notifications</a>"));
}

}  // namespace
}  // namespace tribune::render
