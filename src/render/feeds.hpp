#pragma once
// RSS 2.0 and Atom 1.0 feeds of articles (the site, a section, an author, a tag) and the Atom
// feed of a discussion's approved comments. Every link is absolute, built from site.base_url
// (never from the request), and every text is escaped XML text (render/xml_text.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/time.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// Articles in a feed at most (the newest).
inline constexpr int kFeedArticles = 20;
/// Approved comments in a discussion's feed at most (the newest).
inline constexpr int kFeedComments = 50;

enum class FeedFormat { kRss, kAtom };

/// The feed of the reader page at `page_path`: "/" -> "/feed.rss", "/sections/x" ->
/// "/sections/x/feed.atom". The path is used as given (percent-encode slugs before).
std::string feed_path(std::string_view page_path, FeedFormat format);

/// "/articles/{slug}/comments.atom": the discussion's feed.
std::string comments_feed_path(std::string_view slug);

/// The content types the feeds are served with.
inline constexpr std::string_view kRssType = "application/rss+xml; charset=utf-8";
inline constexpr std::string_view kAtomType = "application/atom+xml; charset=utf-8";

/// RFC 822 dates, as RSS writes them (domain/time.hpp).
using domain::rfc822_date;

/// A stable id (RFC 4151 tag URI) for what a feed names: "tag:example.com,2026-03-15:article:42".
/// The host is base_url's without scheme, port or path; the date is the thing's creation day.
std::string tag_uri(std::string_view base_url, domain::Time created, std::string_view specific);

/// One article in a feed, with its body as the page shows it (render::markdown_to_html).
struct FeedEntry {
    domain::Article article;
    std::string body_html;
};

/// A feed of articles, newest first as the handler ordered them.
struct FeedView {
    SiteInfo site;
    std::string title;        // the feed's title ("Harbour · Tribune")
    std::string description;  // RSS's channel description, Atom's subtitle
    std::string page_path;    // the reader page it follows ("/sections/harbour")
    domain::Time now{};       // the feed's date when it has no entries
    std::vector<FeedEntry> entries;
};

/// The RSS 2.0 document (content:encoded for the body, dc:creator for authors).
std::string rss_feed(const FeedView& v);
/// The Atom 1.0 document (content type="html" for the body).
std::string atom_feed(const FeedView& v);

/// The approved comments of one article's discussion, newest first.
struct CommentFeedView {
    SiteInfo site;
    domain::Article article;
    domain::Time now{};  // the feed's date when it has no entries
    std::vector<domain::Comment> comments;
};

/// The Atom 1.0 document of the discussion. Comment text is what readers wrote: always
/// content type="text", never markup.
std::string comments_atom_feed(const CommentFeedView& v);

}  // namespace tribune::render
