// The reader pages that list articles: the front page and the section, tag and author pages,
// newest first, a page at a time (?cursor=). They are the same for every reader, so the first
// page of each is kept encoded once in Services::lists and its later pages in
// Services::later_lists, both of which every article or comment change clears
// (http/node_events.cpp).
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

// A later page is kept under its list's path (so the list's entry cap bounds how many) and its
// cursor as the server spells it: decoded and encoded again, never the request's text, so other
// parameters or spellings never make a second entry for one page. nullopt: no cursor; an error:
// a cursor that is not one.
std::optional<domain::Result<domain::ArticleCursor>> cursor_of(const Request& req) {
    const auto text = req.query_param("cursor");
    if (!text) return std::nullopt;
    return domain::decode_article_cursor(*text);
}

Response list_page(Services& s, const Request& req, Listing listing) {
    listing.query.limit = kArticlesPerPage + 1;  // one more: is there a next page?
    listing.query.bodies = false;                 // a list shows titles and summaries, never a body
    render::ArticleListView v;
    std::string later_key;  // "" on the first page
    if (auto cursor = cursor_of(req)) {
        if (!*cursor) return error_html(s, cursor->error());
        listing.query.after = std::pair{(*cursor)->time, (*cursor)->id};
        later_key = domain::encode_article_cursor(**cursor);
        v.is_continuation = true;
    }
    const bool first_page = later_key.empty();
    ThreadCache& cache = first_page ? s.lists : s.later_lists;
    const std::string& key = first_page ? kListKey : later_key;
    // A request that missed the fast path may find what another made meanwhile.
    if (auto hit = cache.get(listing.path, key)) return cached_answer(req, *hit, kHtmlType);
    // Read before the articles: a change after this point makes the entry stored below stale.
    const std::uint64_t version = cache.version(listing.path);
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
    // A later page is often read once (a crawler's walk): its compressed forms are made only for
    // a client that takes one (both forms for a client that takes neither were most of such a
    // page's cost), and an entry kept without them answers uncompressed until it goes.
    const bool compress = s.config.compression &&
                          (first_page || accept_encoding_of(req).choose(true, true) != Encoding::kIdentity);
    CachedBody encoded = store_cached_body(cache, listing.path, key, version, std::move(body), kHtmlType, compress);
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
    std::optional<CachedBody> hit;
    if (auto cursor = cursor_of(req)) {
        if (!*cursor) return std::nullopt;  // the handler answers what is wrong with it
        hit = s.later_lists.get(req.path, domain::encode_article_cursor(**cursor));
    } else {
        hit = s.lists.get(req.path, kListKey);
    }
    if (!hit) return std::nullopt;
    return cached_answer(req, *hit, kHtmlType);
}

}  // namespace tribune::http::pages
