// A reader's own pages (render/account_pages.hpp). Every value a reader or another system gave
// (names, addresses, excerpts, page keys) is escaped; tokens and codes go into attributes escaped.
#include "render/account_pages.hpp"

#include "render/html_escape.hpp"
#include "render/layout.hpp"

namespace tribune::render {
namespace {

void account_notice(std::string& out, const std::string& notice, bool ok) {
    if (notice.empty()) return;
    out += ok ? "<p class=\"form-feedback ok\" role=\"status\">" : "<p class=\"form-feedback error\" role=\"alert\">";
    append_escaped(out, notice);
    out += "</p>\n";
}

void account_hidden_field(std::string& out, std::string_view name, std::string_view value) {
    out += "<input type=\"hidden\" name=\"";
    out += name;
    out += "\" value=\"";
    append_escaped(out, value);
    out += "\">\n";
}

void account_post_form(std::string& out, std::string_view action, const std::string& csrf) {
    out += "<form method=\"post\" action=\"";
    out += action;
    out += "\">\n";
    account_hidden_field(out, "csrf_token", csrf);
}

std::string account_document(const SiteInfo& site, std::string_view title, const std::string& main,
                             std::string_view meta = {}) {
    PageHead head{title, "", ""};
    head.meta_html = meta;
    return document(site, head, main);
}

}  // namespace

std::string sign_in_page(const SignInPageView& v) {
    std::string main = "<section class=\"account-page\">\n<h1>Sign in</h1>\n";
    account_notice(main, v.notice, false);
    if (!v.email_link && v.providers.empty()) {
        main += "<p>This site does not offer reader accounts. You can comment without one.</p>\n";
    }
    if (v.email_link) {
        main += "<p>We email you a link that signs you in: no password to remember. Your first sign-in makes "
                "your account.</p>\n<form method=\"post\" action=\"/account/sign-in-link\">\n";
        account_hidden_field(main, "return_to", v.return_to);
        main += "<p><label for=\"signin-email\">Email</label><br><input type=\"email\" id=\"signin-email\" "
                "name=\"email\" required autocomplete=\"email\" maxlength=\"254\" value=\"";
        append_escaped(main, v.email);
        main += "\"></p>\n<p><button type=\"submit\">Email me a sign-in link</button></p>\n</form>\n";
    }
    if (!v.providers.empty()) {
        main += "<ul class=\"signin-providers\">\n";
        for (const auto& p : v.providers) {
            main += "<li><a class=\"button\" href=\"/auth/oidc/";
            main += url_encode(p.name);
            if (!v.return_to.empty()) {
                main += "?return_to=";
                main += url_encode(v.return_to);
            }
            main += "\">Sign in with ";
            append_escaped(main, p.label);
            main += "</a></li>\n";
        }
        main += "</ul>\n";
    }
    main += "<p><a href=\"/\">Back to the front page</a></p>\n</section>\n";
    return account_document(v.site, "Sign in", main);
}

std::string sign_in_link_sent_page(const SiteInfo& site, const std::string& email) {
    std::string main = "<section class=\"account-page\">\n<h1>Check your inbox</h1>\n<p role=\"status\">If ";
    append_escaped(main, email);
    main += " can receive mail, a sign-in link is on its way. It works once, for 15 minutes.</p>\n"
            "<p><a href=\"/account\">Ask for another link</a></p>\n</section>\n";
    return account_document(site, "Check your inbox", main);
}

std::string sign_in_link_page(const SiteInfo& site, const std::string& token) {
    std::string main = "<section class=\"account-page\">\n<h1>Sign in to ";
    append_escaped(main, site.name);
    main += "</h1>\n<p>Press the button to sign in on this browser.</p>\n"
            "<form method=\"post\" action=\"/account/sign-in\">\n";
    account_hidden_field(main, "token", token);
    main += "<button type=\"submit\">Sign in</button>\n</form>\n</section>\n";
    return account_document(site, "Sign in", main);
}

std::string sign_in_continue_page(const SiteInfo& site, const std::string& url) {
    std::string meta = "<meta http-equiv=\"refresh\" content=\"0; url=";
    append_escaped(meta, url);
    meta += "\">\n";
    std::string main = "<section class=\"account-page\">\n<h1>You are signed in</h1>\n<p><a href=\"";
    append_escaped(main, url);
    main += "\">Continue to the discussion</a></p>\n</section>\n";
    return account_document(site, "Signed in", main, meta);
}

std::string sign_in_popup_done_page(const SiteInfo& site, const std::string& origin, const std::string& code) {
    std::string main = "<section class=\"account-page\">\n<h1>You are signed in</h1>\n"
                       "<p id=\"tribune-signin-result\" data-origin=\"";
    append_escaped(main, origin);
    main += "\" data-code=\"";
    append_escaped(main, code);
    main += "\">You can close this window.</p>\n</section>\n<script src=\"/static/signin-popup.js\"></script>\n";
    return account_document(site, "Signed in", main);
}

std::string account_page(const AccountPageView& v) {
    std::string main = "<section class=\"account-page\">\n<h1>Your account</h1>\n";
    account_notice(main, v.notice, v.notice_ok);
    main += "<dl class=\"account-facts\">\n<dt>Email</dt><dd>";
    if (v.email.empty()) main += "None given";
    else append_escaped(main, v.email);
    if (v.verified) main += " <span class=\"verified-mark\">(verified)</span>";
    main += "</dd>\n";
    if (!v.badge.empty()) {
        main += "<dt>Badge</dt><dd>";
        append_escaped(main, v.badge);
        main += "</dd>\n";
    }
    main += "</dl>\n<h2>Your name</h2>\n<p>Shown with every comment you write.</p>\n";
    account_post_form(main, "/account/name", v.csrf_token);
    main += "<p><label for=\"account-name\">Display name</label><br><input type=\"text\" id=\"account-name\" "
            "name=\"name\" required maxlength=\"100\" value=\"";
    append_escaped(main, v.name);
    main += "\"></p>\n<p><button type=\"submit\">Save name</button></p>\n</form>\n";
    if (!v.email.empty()) {
        main += "<h2>Mail</h2>\n<p>";
        main += v.mail_on ? "We mail you about replies and approvals you asked for when commenting."
                          : "We send you no mail about comments.";
        main += "</p>\n";
        account_post_form(main, "/account/mail", v.csrf_token);
        account_hidden_field(main, "mail", v.mail_on ? "stop" : "start");
        main += v.mail_on ? "<button type=\"submit\">Stop all mail</button>\n" : "<button type=\"submit\">Allow mail again</button>\n";
        main += "</form>\n";
    }
    main += "<h2>Your comments</h2>\n";
    if (v.comments.empty()) main += "<p>You have not commented yet.</p>\n";
    else main += "<ol class=\"account-comments\">\n";
    for (const auto& c : v.comments) {
        main += "<li><p>";
        if (!c.link.empty()) {
            main += "<a href=\"";
            append_escaped(main, c.link);
            main += "\">";
            append_escaped(main, c.page);
            main += "</a>";
        } else {
            append_escaped(main, c.page);
        }
        main += " &middot; ";
        append_escaped(main, c.created);
        if (c.status != "approved") {
            main += " &middot; <span class=\"comment-status\">";
            append_escaped(main, c.status);
            main += "</span>";
        }
        main += "</p><blockquote>";
        append_escaped(main, c.excerpt);
        main += "</blockquote></li>\n";
    }
    if (!v.comments.empty()) main += "</ol>\n";
    if (!v.more_link.empty()) {
        main += "<p><a href=\"";
        append_escaped(main, v.more_link);
        main += "\">Older comments</a></p>\n";
    }
    main += "<h2>Your data</h2>\n<p><a href=\"/account/data\" download>Download my data</a> (JSON)</p>\n";
    if (v.can_delete) {
        main += "<h2>Delete my account</h2>\n<p>Your comments are removed (a reply to one of them stays, under a "
                "\"deleted\" notice), and so is everything we keep about you. This cannot be undone.</p>\n";
        account_post_form(main, "/account/delete", v.csrf_token);
        main += "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> I understand</label></p>\n"
                "<p><button type=\"submit\" class=\"danger\">Delete my account</button></p>\n</form>\n";
    } else {
        main += "<p>Staff accounts are managed by an admin at the <a href=\"/admin\">desk</a>.</p>\n";
    }
    account_post_form(main, "/account/sign-out", v.csrf_token);
    main += "<p><button type=\"submit\">Sign out</button></p>\n</form>\n</section>\n";
    return account_document(v.site, "Your account", main);
}

}  // namespace tribune::render
