#pragma once
// What each HTML view needs. Handlers fill these; render/ turns them into escaped HTML.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/article.hpp"
#include "domain/live_update.hpp"
#include "domain/comment.hpp"
#include "domain/thread.hpp"
#include "domain/time.hpp"
#include "domain/viewer.hpp"
#include "render/image_sources.hpp"

namespace tribune::render {

/// Site-wide facts every page shows.
struct SiteInfo {
    std::string name = "Tribune";      // the publication's name
    std::string base_url;              // "http://127.0.0.1:8080", for share links
    std::string language = "en";       // BCP 47 tag: <html lang>, feeds, the news sitemap
};

/// Feedback after a form post: success ("Thank you! ...") or failure, with what was typed so a
/// failed form can be shown again filled in.
struct FormFeedback {
    bool ok = false;
    std::string message;                     // shown as it is, escaped
    std::optional<domain::CommentId> parent_id;  // which form it belongs to (nullopt: the main one)
    std::string text;                        // the text to put back in the form after a failure
};

/// An author's public profile, as their page shows it. Links and the photo are shown only when
/// they are http(s) URLs.
struct AuthorCard {
    std::string name;
    std::string bio;        // plain text; blank lines separate paragraphs
    std::string photo_url;
    std::vector<std::string> links;
};

/// A list of articles with each one's approved comment count: the home page, or a section, tag
/// or author page.
struct ArticleListView {
    SiteInfo site;
    domain::Time now{};
    std::string path;                          // the page's own path ("/", "/sections/x")
    std::string kind;                          // "Section", "Tag", "Author"; "" on the home page
    std::string title;                         // the heading ("" on the home page: the site name)
    std::optional<AuthorCard> author;          // on an author page
    std::vector<domain::Article> articles;
    std::vector<std::int64_t> comment_counts;  // same order as articles
    std::string next_cursor;                   // "" when this is the last page
    bool is_continuation = false;              // a later page (?cursor=)
};

/// The article page: the article, its discussion and related articles.
struct ArticleView {
    SiteInfo site;
    domain::Time now{};
    domain::Article article;
    std::string body_html;                    // rendered Markdown (render::markdown_to_html)
    domain::ThreadPage thread;                // the comments shown on this page
    bool is_continuation = false;             // true when showing a later page (?cursor=)
    std::vector<domain::Article> related;     // by the same author; empty: "No items found."
    std::vector<domain::Article> on_topic;    // others sharing a tag (not by the author); shown when any
    std::vector<domain::LiveUpdate> live_updates;  // the first page, pinned then newest (render/coverage.hpp)
    domain::Viewer viewer;                    // whose pending comments show the notice
    std::string display_name;                 // the reader's chosen name ("" = No Name)
    std::optional<FormFeedback> feedback;
    std::optional<domain::CommentId> posted_id;  // the comment just posted, to highlight
    std::uint64_t live_event_id = 0;          // the live stream's position when rendered (0: none)
    std::string live_insert = "auto";         // where the script puts new comments: auto, immediate, button
    std::string csrf_token;                   // a logged-in viewer's, for the forms ("" otherwise)
    bool comments_closed = false;             // no forms: the thread takes no new comments
    std::string closed_reason;                // shown instead of the forms
    bool sign_in_offered = false;             // readers may sign in (email links or providers)
    bool sign_in_required = false;            // only signed-in readers may comment
    std::vector<ImageSource> lead_image_sources;  // the lead image and its variants (srcset); may be empty
    bool preview = false;                     // a private preview: a banner, noindex, no live stream
    std::string preview_note = "This article is not published: readers cannot see it yet. Share this link only with "
                               "those who should.";
};

/// One comment and a page of its replies ("Load More Replies" without scripts).
struct RepliesView {
    SiteInfo site;
    domain::Time now{};
    domain::Article article;
    domain::ReplyPage replies;
    domain::Viewer viewer;
    std::string display_name;
    std::optional<FormFeedback> feedback;
    std::string csrf_token;
    bool comments_closed = false;
    bool sign_in_offered = false;
    bool sign_in_required = false;
};

/// An error page (404, 500...) for browsers.
struct ErrorView {
    SiteInfo site;
    int status = 500;
    std::string title;
    std::string message;
};

/// The page a link in reader mail opens (no login: the token is the proof). kAsk shows what the
/// link will do and the button that does it (nothing changes on GET: mail scanners fetch links);
/// kDone says what was done.
struct MailLinkView {
    enum class Action { kConfirm, kStopThread, kStopAll };
    enum class Step { kAsk, kDone };
    SiteInfo site;
    Action action = Action::kConfirm;
    Step step = Step::kAsk;
    std::string page;   // kStopThread: the discussion's page key, shown escaped
    std::string token;  // kAsk: sent back by the button
};

}  // namespace tribune::render
