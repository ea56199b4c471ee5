#pragma once
// Reads a WordPress export (WXR 1.1/1.2, RSS with WordPress's elements) as a stream (expat): the
// site's authors as their blocks end, and each <item> (post, page, attachment...) with its
// comments as soon as the item ends. One item is held at a time, never the file.

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace tribune::portability {

/// A <wp:author> block: the login that items name in <dc:creator>, and the name shown.
struct WxrAuthor {
    std::string login;
    std::string display_name;
};

struct WxrComment {
    std::string id;         // wp:comment_id
    std::string parent_id;  // wp:comment_parent, "" or "0" for a top-level comment
    std::string author_name;
    std::string author_email;
    std::string author_ip;
    std::string date_gmt;  // "YYYY-MM-DD HH:MM:SS"
    std::string content;   // text with some inline HTML
    std::string approved;  // "1", "0", "spam", "trash"
    std::string type;      // "", "comment", "pingback", "trackback"
};

struct WxrItem {
    std::string id;         // wp:post_id
    std::string title;
    std::string link;       // the post's URL on the old site
    std::string creator;    // dc:creator: an author's login
    std::string content;    // content:encoded (HTML)
    std::string excerpt;    // excerpt:encoded
    std::string post_name;  // the slug, "" when never set
    std::string post_type;  // post, page, attachment, nav_menu_item...
    std::string status;     // publish, draft, pending, future, private, trash...
    std::string date_gmt;   // "YYYY-MM-DD HH:MM:SS", "0000-00-00 00:00:00" for a draft
    std::string comment_status;  // open, closed
    std::vector<std::string> categories;  // <category domain="category">, in file order
    std::vector<std::string> tags;        // <category domain="post_tag">
    std::vector<WxrComment> comments;
};

struct WxrHandlers {
    /// The blog's address (`wp:base_blog_url`, else `wp:base_site_url`), its host lower-cased, heard
    /// once before the first author or item when the channel names one (may be empty).
    std::function<void(std::string&&)> site;
    std::function<domain::Result<void>(WxrAuthor&&)> author;
    std::function<domain::Result<void>(WxrItem&&)> item;
};

/// The longest text one element may hold; an item holds at most kMaxWxrItemBytes in all (its
/// comments included) and kMaxWxrTerms categories and tags: bounds what a hostile file can make
/// the reader keep.
inline constexpr std::size_t kMaxWxrField = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxWxrItemBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxWxrTerms = 200;

/// Reads `in` to its end. Errors: kMalformed for XML that is not well formed or not an RSS
/// document (with the line), a field or an item over its bound; the handlers' errors stop the read.
domain::Result<void> read_wxr(std::istream& in, const WxrHandlers& handlers);

}  // namespace tribune::portability
