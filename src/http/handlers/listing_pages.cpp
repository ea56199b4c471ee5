// The reader pages that list articles: the front page and the section, tag and author pages,
// newest first, a page at a time (?cursor=). They are the same for every reader, so the first
// page of each is kept encoded once in Services::lists, which every article or comment change
// clears (http/node_events.cpp).
#include "http/handlers/handlers.hpp"

#include "domain/cursor.hpp"
#include "domain/slug.hpp"
#include "http/cached_answer.hpp"
#include "http/compression.hpp"
#include "render/pages.hpp"
#include "service/author_profiles.hpp"

namespace tribune::http::pages {
namespace {

using domain::ErrorCode;

constexpr int kArticlesPerPage = 20;

// What one list page shows, before its articles are read.
struct Listing {
    std::string path;
    std::string kind;
    std::string title;
    store::ArticleQuery query;
    std::optional<render::AuthorCard> author;
};

// A list page has one entry in Services::lists, under its path. The entry holds the heading too
// (a section's, tag's or author's name, bio and photo), and a hit reads nothing, so whatever
// changes a name reports it through the EventSink (as service/author_profiles.cpp does with
// thread_changed), which clears the lists on every node (http/caches.hpp, the bus).
const std::string kListKey = "html";

Response list_page(Services& s, const Request& req, Listing listing) {
    // Read before the articles: a change after this point makes the entry stored below stale.
    const bool first_page = req.query.empty();
    const std::uint64_t version = first_page ? s.lists.version(listing.path) : 0;
    listing.query.limit = kArticlesPerPage + 1;  // one more: is there a next page?
    listing.query.bodies = false;                 // a list shows titles and summaries, never a body
    render::ArticleListView v;
    if (auto cursor = req.query_param("cursor")) {
        auto c = domain::decode_article_cursor(*cursor);
        if (!c) return error_html(s, c.error());
        listing.query.after = std::pair{c->time, c->id};
        v.is_continuation = true;
    }
    auto articles = s.store.list_articles(listing.query);
    if (!articles) return error_html(s, articles.error());
    if (static_cast<int>(articles->size()) > kArticlesPerPage) {
        articles->resize(kArticlesPerPage);
        v.next_cursor = domain::encode_article_cursor({articles->back().published_at, articles->back().id});
    }
    std::vector<std::string> pages;
    for (const auto& a : *articles) pages.push_back(a.page_key());
    auto counts = s.store.count_approved_many(pages);
    if (!counts) return error_html(s, counts.error());
    v.site = s.config.site;
    v.now = s.clock.now();
    v.path = listing.path;
    v.kind = std::move(listing.kind);
    v.title = std::move(listing.title);
    v.author = std::move(listing.author);
    v.articles = std::move(*articles);
    v.comment_counts = std::move(*counts);
    std::string body = render::article_list_page(v);
    // A later page is answered once: its compressed forms are made only for a client that takes
    // one (both forms for a client that takes neither were most of such a page's cost).
    const bool compress_once =
        s.config.compression && accept_encoding_of(req).choose(true, true) != Encoding::kIdentity;
    CachedBody encoded = first_page ? store_cached_body(s.lists, listing.path, kListKey, version,
                                                        std::move(body), kHtmlType, s.config.compression)
                                    : make_cached_body(std::move(body), kHtmlType, compress_once);
    return cached_answer(req, encoded, kHtmlType);
}

// The section or tag a page names: a slug that cannot be one is not looked up.
domain::Result<domain::NamedRef> section_or_tag(Services& s, const std::string& slug, bool tag) {
    if (!domain::is_valid_slug(slug)) return domain::make_error(ErrorCode::kNotFound, "Not found", "there is no such page");
    return tag ? s.store.get_tag(slug) : s.store.get_section(slug);
}

}  // namespace

Response home_page(Services& s, Request& req, const Identity&) {
    return list_page(s, req, Listing{"/", "", "", {}, std::nullopt});
}

Response section_page(Services& s, Request& req, const Identity&) {
    auto section = section_or_tag(s, req.path_params[0], false);
    if (!section) return error_html(s, section.error());
    Listing l{"/sections/" + section->slug, "Section", section->name, {}, std::nullopt};
    l.query.section = section->slug;
    return list_page(s, req, std::move(l));
}

Response tag_page(Services& s, Request& req, const Identity&) {
    auto tag = section_or_tag(s, req.path_params[0], true);
    if (!tag) return error_html(s, tag.error());
    Listing l{"/tags/" + tag->slug, "Tag", tag->name, {}, std::nullopt};
    l.query.tag = tag->slug;
    return list_page(s, req, std::move(l));
}

Response author_page(Services& s, Request& req, const Identity&) {
    // As a reader sees it, whoever asks: the page is kept for everyone.
    auto author = service::author_profile(s, service::Actor{}, req.path_params[0]);
    if (!author) return error_html(s, author.error());
    Listing l{"/authors/" + author->slug, "Author", author->name, {}, render::AuthorCard{}};
    l.author->name = author->name;
    l.author->bio = author->bio;
    l.author->photo_url = author->photo_url;
    l.author->links = author->links;
    l.query.author = author->slug;
    return list_page(s, req, std::move(l));
}

std::optional<Response> list_page_fast(Services& s, Request& req) {
    if (!req.query.empty()) return std::nullopt;
    auto hit = s.lists.get(req.path, kListKey);
    if (!hit) return std::nullopt;
    return cached_answer(req, *hit, kHtmlType);
}

}  // namespace tribune::http::pages
