#include "render/desk_pages.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace tribune::render {
namespace {

const domain::Time kDeskNow = domain::from_micros(1'773'550'380'000'000);  // 2026-03-15T04:53:00Z
constexpr std::string_view kCsrf = "csrf-Tok3n_value";
constexpr std::string_view kHostile = "\"><script>alert(1)</script><img src=x onerror=alert(1)>";

bool desk_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

std::size_t count_of(const std::string& s, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = s.find(needle); at != std::string::npos; at = s.find(needle, at + needle.size())) ++n;
    return n;
}

DeskFrame frame(domain::Role role = domain::Role::kModerator) {
    DeskFrame f;
    f.site.name = "The Daily Test";
    f.now = kDeskNow;
    f.staff.name = "Mod Erator";
    f.staff.role = role;
    f.staff.csrf_token = std::string(kCsrf);
    f.section = DeskSection::kQueue;
    return f;
}

DeskItem item(domain::CommentId id, std::string text) {
    DeskItem it;
    it.comment.id = id;
    it.comment.page = "/articles/first";
    it.comment.author.name = "Reader";
    it.comment.text = std::move(text);
    it.comment.status = domain::CommentStatus::kPending;
    it.comment.created_at = kDeskNow - std::chrono::minutes{5};
    return it;
}

DeskQueueView queue_view() {
    DeskQueueView v;
    v.frame = frame();
    v.queue = "pending";
    v.tabs = {{"pending", 4}, {"reported", 2}, {"approved", std::nullopt}, {"rejected", std::nullopt},
              {"spam", std::nullopt}};
    v.return_to = "/admin";
    return v;
}

// Every <form method="post"> is followed, inside the same form, by the CSRF field.
void expect_csrf_in_every_post_form(const std::string& html) {
    const std::string field = "<input type=\"hidden\" name=\"csrf_token\" value=\"" + std::string(kCsrf) + "\">";
    std::size_t forms = 0;
    for (auto at = html.find("<form method=\"post\""); at != std::string::npos;
         at = html.find("<form method=\"post\"", at + 1)) {
        ++forms;
        const auto end = html.find("</form>", at);
        ASSERT_NE(end, std::string::npos);
        EXPECT_NE(html.substr(at, end - at).find(field), std::string::npos) << html.substr(at, end - at);
    }
    EXPECT_GT(forms, 0u);
    EXPECT_EQ(count_of(html, "method=\"post\""), forms);  // no other spelling slipped through
}

TEST(DeskQueuePage, ShowsTabsWithCountsAndMarksTheCurrentOne) {
    const std::string html = desk_queue_page(queue_view());
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_TRUE(desk_has(html, "<a href=\"/admin\" data-queue=\"pending\" aria-current=\"page\">Pending "
                               "<span class=\"desk-count\" data-count=\"pending\">4</span></a>"));
    EXPECT_TRUE(desk_has(html, "<a href=\"/admin?queue=reported\" data-queue=\"reported\">Reported "
                               "<span class=\"desk-count\" data-count=\"reported\">2</span></a>"));
    EXPECT_TRUE(desk_has(html, "<a href=\"/admin?queue=spam\" data-queue=\"spam\">Spam</a>"));
}

TEST(DeskQueuePage, EmptyQueueSaysSo) {
    const std::string html = desk_queue_page(queue_view());
    EXPECT_TRUE(desk_has(html, "No comments waiting for review."));
    EXPECT_TRUE(desk_has(html, "id=\"desk-bulk\" class=\"desk-bulk\" hidden>"));  // nothing to act on yet
    DeskQueueView searched = queue_view();
    searched.text = "weather";
    EXPECT_TRUE(desk_has(desk_queue_page(searched), "No comments match this search."));
    DeskQueueView spam = queue_view();
    spam.queue = "spam";
    EXPECT_TRUE(desk_has(desk_queue_page(spam), ">No spam.</p>"));
}

TEST(DeskQueuePage, EscapesHostileCommentAuthorReasonsAndSearch) {
    DeskQueueView v = queue_view();
    DeskItem it = item(7, std::string(kHostile));
    it.comment.author.name = std::string(kHostile);
    it.comment.filter_reason = "banned word \"" + std::string(kHostile) + "\"";
    it.comment.page = std::string(kHostile);
    it.comment.edited_at = kDeskNow;
    it.edits = {domain::CommentEdit{std::string(kHostile), kDeskNow, std::string(kHostile)}};
    domain::Report r;
    r.reason = std::string(kHostile);
    r.created_at = kDeskNow;
    it.reports = {r};
    domain::Comment parent;
    parent.id = 3;
    parent.author.name = std::string(kHostile);
    parent.text = std::string(kHostile);
    parent.status = domain::CommentStatus::kApproved;
    it.parent = parent;
    v.items = {it};
    v.text = std::string(kHostile);
    v.author = std::string(kHostile);
    v.return_to = "/admin?q=%22%3E";
    v.frame.staff.name = std::string(kHostile);
    v.frame.notices = {DeskNotice{false, std::string(kHostile)}};
    const std::string html = desk_queue_page(v);
    EXPECT_FALSE(desk_has(html, "<script>"));
    EXPECT_FALSE(desk_has(html, "<img"));
    EXPECT_FALSE(desk_has(html, "onerror=alert(1)>"));
    EXPECT_GE(count_of(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), 10u);
    EXPECT_TRUE(desk_has(html, "<strong>Held:</strong> banned word &quot;&quot;&gt;&lt;script&gt;"));
}

TEST(DeskQueuePage, KeepsWhitespaceOfTheCommentText) {
    DeskQueueView v = queue_view();
    v.items = {item(7, "line one\n\n  line two")};
    EXPECT_TRUE(desk_has(desk_queue_page(v), "<p class=\"comment-text desk-text\">line one\n\n  line two</p>"));
}

TEST(DeskQueuePage, EveryFormCarriesTheCsrfField) {
    DeskQueueView v = queue_view();
    v.items = {item(7, "first"), item(8, "second")};
    v.items[1].comment.status = domain::CommentStatus::kApproved;
    v.items[1].comment.featured = true;
    const std::string html = desk_queue_page(v);
    expect_csrf_in_every_post_form(html);
    EXPECT_TRUE(desk_has(html, "<meta name=\"csrf-token\" content=\"csrf-Tok3n_value\">"));
    EXPECT_TRUE(desk_has(html, "action=\"/admin/comments/7/moderate\""));
    EXPECT_TRUE(desk_has(html, "action=\"/admin/comments/7/ban\""));
    EXPECT_TRUE(desk_has(html, "action=\"/admin/bulk\""));
    EXPECT_TRUE(desk_has(html, "action=\"/admin/logout\""));
    EXPECT_TRUE(desk_has(html, "<input type=\"checkbox\" class=\"desk-select\" name=\"id\" value=\"7\" form=\"desk-bulk\""));
    // An approved, featured comment offers no Approve, but Unfeature.
    const auto second = html.find("id=\"item-8\"");
    ASSERT_NE(second, std::string::npos);
    EXPECT_FALSE(desk_has(html.substr(second), "value=\"approve\"><button"));
    EXPECT_TRUE(desk_has(html.substr(second), "name=\"action\" value=\"unfeature\">"));
    EXPECT_TRUE(desk_has(html.substr(second), "Featured</span>"));
}

TEST(DeskQueuePage, FormsComeBackToTheSameQueueAndSearch) {
    DeskQueueView v = queue_view();
    v.queue = "reported";
    v.text = "rain & sun";
    v.return_to = desk_queue_path("reported", "rain & sun", "", "");
    v.items = {item(7, "x")};
    v.next_after_id = 7;
    const std::string html = desk_queue_page(v);
    EXPECT_EQ(v.return_to, "/admin?queue=reported&q=rain%20%26%20sun");
    EXPECT_TRUE(desk_has(html, "<input type=\"hidden\" name=\"return\" value=\"/admin?queue=reported&amp;q=rain%20%26%20sun\">"));
    EXPECT_TRUE(desk_has(html, "href=\"/admin?queue=reported&amp;q=rain%20%26%20sun&amp;after=7\" rel=\"next\">Next page</a>"));
    EXPECT_TRUE(desk_has(html, "value=\"rain &amp; sun\""));
}

TEST(DeskQueuePage, ShowsContextRecordReportsAndEdits) {
    DeskQueueView v = queue_view();
    DeskItem it = item(7, "reply text");
    it.author = domain::AuthorStats{12, 1, 2, 0, 0};
    it.comment.open_reports = 2;
    domain::Comment parent;
    parent.id = 3;
    parent.author.name = "Parent Author";
    parent.text = "the parent's words";
    it.parent = parent;
    it.comment.edited_at = kDeskNow;
    it.edits = {domain::CommentEdit{"old words", kDeskNow - std::chrono::minutes{1}, "author"}};
    domain::Report r;
    r.reason = "rude";
    r.created_at = kDeskNow;
    it.reports = {r, r};
    domain::Article a;
    a.slug = "first";
    a.title = "First story";
    it.article = a;
    v.items = {it};
    const std::string html = desk_queue_page(v);
    EXPECT_TRUE(desk_has(html, "12 approved \xC2\xB7 1 pending \xC2\xB7 2 rejected"));
    EXPECT_TRUE(desk_has(html, "<blockquote class=\"desk-parent\">"));
    EXPECT_TRUE(desk_has(html, "the parent&#39;s words") || desk_has(html, "the parent&#x27;s words"));
    EXPECT_TRUE(desk_has(html, "<a href=\"/articles/first#comment-7\">First story</a>"));
    EXPECT_TRUE(desk_has(html, "2 reports"));
    EXPECT_TRUE(desk_has(html, "<q class=\"desk-report-reason\">rude</q>"));
    EXPECT_TRUE(desk_has(html, "<details class=\"desk-edits\"><summary><span class=\"edited\">(Edited)</span>"));
    EXPECT_TRUE(desk_has(html, "old words"));
    EXPECT_TRUE(desk_has(html, "data-reports=\"2\""));
}

TEST(DeskLayout, NavShowsAdminSectionsToAdminsOnly) {
    DeskBansView v;
    v.frame = frame();
    v.frame.section = DeskSection::kBans;
    const std::string mod = desk_bans_page(v);
    EXPECT_TRUE(desk_has(mod, "<a href=\"/admin/bans\" aria-current=\"page\">Bans</a>"));
    EXPECT_TRUE(desk_has(mod, ">Policies</a>"));
    EXPECT_FALSE(desk_has(mod, ">Audit</a>"));
    EXPECT_FALSE(desk_has(mod, ">Users</a>"));
    EXPECT_FALSE(desk_has(mod, ">Privacy</a>"));
    EXPECT_FALSE(desk_has(mod, ">Import</a>"));
    EXPECT_TRUE(desk_has(mod, "<span class=\"desk-staff-name\">Mod Erator</span>"));
    EXPECT_TRUE(desk_has(mod, "No active bans."));
    v.frame.staff.role = domain::Role::kAdmin;
    const std::string admin = desk_bans_page(v);
    EXPECT_TRUE(desk_has(admin, ">Audit</a>"));
    EXPECT_TRUE(desk_has(admin, ">Users</a>"));
    EXPECT_TRUE(desk_has(admin, ">Privacy</a>"));
    EXPECT_TRUE(desk_has(admin, "<a href=\"/admin/import\">Import</a>"));
}

TEST(DeskImportPage, ListsTheFormatsAndHasTheProgressBar) {
    DeskImportView v;
    v.frame = frame();
    v.frame.staff.role = domain::Role::kAdmin;
    v.frame.section = DeskSection::kImport;
    v.formats = {{"disqus", "Disqus XML export"}, {"x\"<y", "Odd & named"}, {"wordpress", "WordPress"}};
    v.without_page_keys = {"wordpress"};
    v.max_bytes = 2048L << 20;
    v.current_id = "abc\"def";
    const std::string html = desk_import_page(v);
    EXPECT_TRUE(desk_has(html, "<a href=\"/admin/import\" aria-current=\"page\">Import</a>"));
    EXPECT_TRUE(desk_has(html, "<option value=\"disqus\">Disqus XML export</option>"));
    EXPECT_TRUE(desk_has(html, "<option value=\"x&quot;&lt;y\">Odd &amp; named</option>"));
    EXPECT_TRUE(desk_has(html, "data-import-max=\"2147483648\""));
    EXPECT_TRUE(desk_has(html, "data-import-current=\"abc&quot;def\""));
    EXPECT_TRUE(desk_has(html, "<progress id=\"import-progress\""));
    EXPECT_TRUE(desk_has(html, "Files of up to 2048 MiB."));
    // The page-key fields do not apply to WordPress (desk.js turns them off); a Cancel button.
    EXPECT_TRUE(desk_has(html, "<option value=\"wordpress\" data-page-keys=\"no\">WordPress</option>"));
    EXPECT_TRUE(desk_has(html, "<button type=\"button\" id=\"import-cancel\" hidden>Cancel the import</button>"));
}

TEST(DeskLoginPage, HasNoNavAndKeepsTheEmailAndNext) {
    DeskLoginView v;
    v.email = std::string(kHostile);
    v.next = "/admin?queue=spam";
    v.error = "Wrong email or password.";
    const std::string html = desk_login_page(v);
    EXPECT_FALSE(desk_has(html, "class=\"desk-nav\""));
    EXPECT_FALSE(desk_has(html, "csrf-token"));
    EXPECT_FALSE(desk_has(html, "<script>"));
    EXPECT_TRUE(desk_has(html, "<input type=\"hidden\" name=\"next\" value=\"/admin?queue=spam\">"));
    EXPECT_TRUE(desk_has(html, "role=\"alert\"><p>Wrong email or password.</p>"));
    EXPECT_TRUE(desk_has(html, "action=\"/admin/login\""));
}

TEST(DeskPages, EveryPageEscapesAndCarriesCsrfInItsForms) {
    domain::Ban ban;
    ban.id = 4;
    ban.kind = domain::BanKind::kToken;
    ban.value = "abcdef0123456789abcdef";
    ban.reason = std::string(kHostile);
    ban.created_by = std::string(kHostile);
    ban.created_at = kDeskNow;
    DeskBansView bans{frame(), {ban}};
    const std::string bans_html = desk_bans_page(bans);
    expect_csrf_in_every_post_form(bans_html);
    EXPECT_TRUE(desk_has(bans_html, "action=\"/admin/bans/4/lift\""));
    EXPECT_FALSE(desk_has(bans_html, "<script>"));

    domain::AuditEntry e;
    e.id = 9;
    e.actor = std::string(kHostile);
    e.action = "comment.approve";
    e.target = "comment:12";
    e.before = "{\"text\":\"</pre><script>alert(1)</script>\"}";
    DeskAuditView audit;
    audit.frame = frame(domain::Role::kAdmin);
    audit.entries = {e};
    audit.older_before_id = 9;
    const std::string audit_html = desk_audit_page(audit);
    expect_csrf_in_every_post_form(audit_html);  // the log out form
    EXPECT_FALSE(desk_has(audit_html, "<script>"));
    EXPECT_TRUE(desk_has(audit_html, "<a href=\"/admin/comments/12\"><code>comment:12</code></a>"));
    EXPECT_TRUE(desk_has(audit_html, "href=\"/admin/audit?before=9\" rel=\"next\">Older</a>"));

    domain::User u;
    u.id = 2;
    u.email = "a@example.org";
    u.name = std::string(kHostile);
    u.role = domain::Role::kModerator;
    DeskUsersView users;
    users.frame = frame(domain::Role::kAdmin);
    users.users = {u};
    const std::string users_html = desk_users_page(users);
    expect_csrf_in_every_post_form(users_html);
    EXPECT_FALSE(desk_has(users_html, "<script>"));
    EXPECT_TRUE(desk_has(users_html, "action=\"/admin/users/2\""));
    EXPECT_TRUE(desk_has(users_html, "action=\"/admin/users\""));

    DeskPoliciesView policies;
    policies.frame = frame(domain::Role::kAdmin);
    policies.install.banned_words = {std::string(kHostile), "</textarea><script>"};
    policies.thread_page = std::string(kHostile);
    const std::string policies_html = desk_policies_page(policies);
    expect_csrf_in_every_post_form(policies_html);
    EXPECT_FALSE(desk_has(policies_html, "<script>"));
    EXPECT_EQ(count_of(policies_html, "</textarea>"), 1u);
    EXPECT_TRUE(desk_has(policies_html, "action=\"/admin/policies/thread\""));

    DeskPrivacyView privacy;
    privacy.frame = frame(domain::Role::kAdmin);
    privacy.comment_id = std::string(kHostile);
    privacy.email = std::string(kHostile);
    const std::string privacy_html = desk_privacy_page(privacy);
    expect_csrf_in_every_post_form(privacy_html);
    EXPECT_FALSE(desk_has(privacy_html, "<script>"));
    EXPECT_TRUE(desk_has(privacy_html, "action=\"/admin/privacy/export\""));
    EXPECT_TRUE(desk_has(privacy_html, "name=\"confirm\" value=\"1\" required"));
    EXPECT_TRUE(desk_has(privacy_html, "id=\"export-email\" name=\"email\""));
    EXPECT_TRUE(desk_has(privacy_html, "id=\"erase-email\" name=\"email\""));

    DeskItemView one{frame(), item(5, std::string(kHostile)), "/admin/comments/5"};
    const std::string item_html = desk_item_page(one);
    expect_csrf_in_every_post_form(item_html);
    EXPECT_FALSE(desk_has(item_html, "<script>"));
    EXPECT_FALSE(desk_has(item_html, "data-select"));  // no bulk form on the item page
}

TEST(DeskPolicies, ModeratorsSeeTheSitePolicyReadOnly) {
    DeskPoliciesView v;
    v.frame = frame();
    const std::string html = desk_policies_page(v);
    EXPECT_TRUE(desk_has(html, "<fieldset disabled>"));
    EXPECT_FALSE(desk_has(html, "Save site policy"));
    EXPECT_TRUE(desk_has(html, "Save thread policy"));
}

TEST(DeskItemFragment, IsJustTheItem) {
    DeskItemView v{frame(), item(5, "hello"), "/admin"};
    const std::string html = desk_item_fragment(v);
    EXPECT_TRUE(html.starts_with("<article class=\"desk-item status-pending\" id=\"item-5\""));
    EXPECT_FALSE(desk_has(html, "<!DOCTYPE"));
    expect_csrf_in_every_post_form(html);
}

TEST(DeskErrorPage, RefusesAnOutsideBackLink) {
    DeskErrorView v;
    v.frame = frame(domain::Role::kReader);
    v.status = 403;
    v.title = "Forbidden";
    v.back_href = "javascript:alert(1)";
    const std::string html = desk_error_page(v);
    EXPECT_FALSE(desk_has(html, "javascript:"));
    EXPECT_FALSE(desk_has(html, "class=\"desk-nav\""));  // a reader sees no desk sections
    EXPECT_TRUE(desk_has(html, "action=\"/admin/logout\""));
}

}  // namespace
}  // namespace tribune::render
