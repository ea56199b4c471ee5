#pragma once
// A reader's own pages: signing in (email link, OpenID providers), the link's confirmation,
// "check your inbox", the account page, and the small pages that finish a sign-in begun in the
// widget on another site.

#include <string>
#include <vector>

#include "render/views.hpp"

namespace tribune::render {

struct SignInProviderLink {
    std::string name;   // path segment: /auth/oidc/<name>
    std::string label;
};

/// GET /account when nobody is signed in.
struct SignInPageView {
    SiteInfo site;
    bool email_link = false;                  // the email form is offered
    std::vector<SignInProviderLink> providers;
    std::string return_to;                    // checked: a local path or an allowed host page; ""
    std::string email;                        // what was typed, after a failure
    std::string notice;                       // a failure to show ("" for none)
};
std::string sign_in_page(const SignInPageView& v);

/// POST /account/sign-in-link: the link is on its way.
std::string sign_in_link_sent_page(const SiteInfo& site, const std::string& email);

/// GET /account/sign-in?token=: a button that uses the link (mail scanners only GET).
std::string sign_in_link_page(const SiteInfo& site, const std::string& token);

/// After a sign-in that returns to a page on another site (the widget's host): the browser goes
/// on by itself (a refresh to `url`, which carries the hand-off code in its fragment), with a
/// link for the rare browser that does not.
std::string sign_in_continue_page(const SiteInfo& site, const std::string& url);

/// The end of a sign-in in a popup opened by the widget: its script hands `code` to the widget
/// on `origin` and closes the popup.
std::string sign_in_popup_done_page(const SiteInfo& site, const std::string& origin, const std::string& code);

struct AccountCommentLine {
    std::string id;
    std::string link;       // where the comment is read ("" when the page key is not a link)
    std::string page;       // its page key, shown
    std::string excerpt;
    std::string status;     // "approved", "pending", ...
    std::string created;    // formatted date
};

/// GET /account for a signed-in reader.
struct AccountPageView {
    SiteInfo site;
    std::string csrf_token;
    std::string name;
    std::string email;       // "" when the account has none (placeholder)
    bool verified = false;
    std::string badge;
    std::string role;        // "reader", or the staff role (staff manage their account at the desk)
    bool can_delete = true;  // readers only
    bool mail_on = true;     // reply and approval mail to the account's address
    std::vector<AccountCommentLine> comments;
    std::string more_link;   // the next page of comments, "" when none
    std::string notice;      // a confirmation or failure to show
    bool notice_ok = true;
};
std::string account_page(const AccountPageView& v);

}  // namespace tribune::render
