// Feeds, sitemaps and robots.txt: what feed readers and crawlers fetch. Every route is open
// (nobody is looked up) and the answer is the same for everyone. Article feeds are read from
// the store on each request, so a change shows at once on every node (clients may keep an
// answer for kClientMaxAge); a discussion's feed is kept in the thread cache with the article
// page, dropped when a comment or the article changes; sitemaps, which walk the whole
// publication, are kept in Services::sitemaps, dropped on any article change.
#include "http/handlers/handlers.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "domain/article.hpp"
#include "domain/decimal.hpp"
#include "http/cached_answer.hpp"
#include "http/node_events.hpp"
#include "render/feeds.hpp"
#include "render/paths.hpp"
#include "http/media_embeds.hpp"
#include "render/markdown.hpp"
#include "render/sitemaps.hpp"
#include "service/articles.hpp"
#include "service/author_profiles.hpp"
#include "store/moderation_types.hpp"

namespace tribune::http::feeds {
namespace {

using domain::ErrorCode;
using render::FeedFormat;

constexpr std::string_view kClientMaxAge = "public, max-age=60";
// Articles read per store call while walking the whole publication (the store's list maximum).
constexpr int kWalkBatch = 200;
// The sitemap walks at most this many articles and lists at most this many URLs in all
// (articles first, then section, author and tag pages): bounds one request's work and memory.
constexpr std::size_t kSitemapMaxArticles = 50000;
constexpr std::size_t kSitemapMaxUrls = 100000;
// The thread-cache key of a discussion's feed, beside the article page's "html:<slug>".
constexpr std::string_view kCommentFeedKey = "atom:comments";

Response xml_answer(const Request& req, std::string body, std::string_view type) {
    Response r = cached_answer(req, make_cached_body(std::move(body), type, false), type);
    r.replace("Cache-Control", std::string(kClientMaxAge));
    return r;
}

domain::Error feed_not_found(std::string_view what) {
    return domain::make_error(ErrorCode::kNotFound, std::string(what) + " not found",
                              "there is no such " + std::string(what));
}

// A slug from the path, checked before any lookup.
domain::Result<std::string> path_slug(const Request& req, std::string_view what) {
    if (req.path_params.empty() || !domain::is_valid_slug(req.path_params[0])) return feed_not_found(what);
    return req.path_params[0];
}

enum class Listing { kSite, kSection, kAuthor, kTag };

// What one feed lists: its title, the page it follows and the store query of its articles.
struct FeedSource {
    std::string title;
    std::string description;
    std::string page_path;
    store::ArticleQuery query;
};

// The name of the section or tag `slug`. kNotFound: there is none.
domain::Result<std::string> section_or_tag_name(Services& s, Listing kind, const std::string& slug) {
    auto found = kind == Listing::kSection ? s.store.get_section(slug) : s.store.get_tag(slug);
    if (!found) return found.error().code == ErrorCode::kNotFound ? feed_not_found(kind == Listing::kSection ? "section" : "tag")
                                                                  : found.error();
    return found->name;
}

domain::Result<FeedSource> source_of(Services& s, const Request& req, Listing kind) {
    const std::string& site = s.config.site.name;
    FeedSource f;
    f.query.limit = render::kFeedArticles;
    if (kind == Listing::kSite) {
        f.title = site;
        f.description = "The newest articles from " + site;
        f.page_path = "/";
        return f;
    }
    constexpr std::string_view kWhat[] = {"site", "section", "author", "tag"};
    const std::string_view what = kWhat[static_cast<int>(kind)];
    auto slug = path_slug(req, what);
    if (!slug) return slug.error();
    std::string name;
    if (kind == Listing::kAuthor) {
        auto author = service::author_profile(s, service::Actor{}, *slug);  // a feed is public
        if (!author) return author.error().code == ErrorCode::kNotFound ? feed_not_found(what) : author.error();
        name = author->name;
        f.query.author = *slug;
        f.page_path = "/authors/" + *slug;
        f.description = "Articles by " + name;
    } else {
        auto found = section_or_tag_name(s, kind, *slug);
        if (!found) return found.error();
        name = std::move(*found);
        (kind == Listing::kSection ? f.query.section : f.query.tag) = *slug;
        f.page_path = (kind == Listing::kSection ? "/sections/" : "/tags/") + *slug;
        f.description = (kind == Listing::kSection ? "Articles in " : "Articles tagged ") + name;
    }
    f.title = name + " \xC2\xB7 " + site;  // U+00B7 middle dot, as page titles
    return f;
}

Response article_feed(Services& s, const Request& req, Listing kind, FeedFormat format) {
    auto source = source_of(s, req, kind);
    if (!source) return pages::error_html(s, source.error());
    auto articles = s.store.list_articles(source->query);
    if (!articles) return pages::error_html(s, articles.error());
    render::FeedView v;
    v.site = s.config.site;
    v.title = std::move(source->title);
    v.description = std::move(source->description);
    v.page_path = std::move(source->page_path);
    v.now = s.clock.now();
    v.entries.reserve(articles->size());
    for (auto& a : *articles) {
        std::string body = article_body(s, a.body_markdown, render::absolute_url(s.config.site.base_url, ""));
        v.entries.push_back(render::FeedEntry{std::move(a), std::move(body)});
    }
    if (format == FeedFormat::kRss) return xml_answer(req, render::rss_feed(v), render::kRssType);
    return xml_answer(req, render::atom_feed(v), render::kAtomType);
}

// Calls `visit` with every published article, newest first, up to `max` of them (and none
// published before `since`): the store's list read in batches, without bodies (what a sitemap
// needs is a row's keys and names, not its Markdown).
template <typename Visit>
domain::Result<void> walk_published(Services& s, std::size_t max, std::optional<domain::Time> since, Visit visit) {
    store::ArticleQuery q;
    q.limit = kWalkBatch;
    q.bodies = false;  // the sitemaps name articles; they never show a body
    std::size_t seen = 0;
    while (seen < max) {
        auto batch = s.store.list_articles(q);
        if (!batch) return batch.error();
        for (const auto& a : *batch) {
            if (seen >= max || (since && a.published_at < *since)) return {};
            visit(a);
            ++seen;
        }
        if (batch->size() < static_cast<std::size_t>(kWalkBatch)) break;
        q.after = std::make_pair(batch->back().published_at, batch->back().id);
    }
    return {};
}

// The sitemap's URLs: the home page, each article, then each section, author and tag page
// named by a published article (with its newest article's date).
domain::Result<std::vector<render::SitemapUrl>> sitemap_urls(Services& s) {
    std::vector<render::SitemapUrl> urls;
    urls.push_back({"/", std::nullopt});
    std::vector<render::SitemapUrl> listings;
    std::unordered_set<std::string> seen;  // listing paths already named (articles come newest first)
    auto listing = [&](std::string path, domain::Time at) {
        if (listings.size() >= kSitemapMaxUrls - kSitemapMaxArticles - 1 || !seen.insert(path).second) return;
        listings.push_back({std::move(path), at});
    };
    auto walked = walk_published(s, kSitemapMaxArticles, std::nullopt, [&](const domain::Article& a) {
        if (!urls.front().lastmod) urls.front().lastmod = a.published_at;
        urls.push_back({a.path(), std::max(a.updated_at, a.published_at)});
        if (a.section) listing("/sections/" + a.section->slug, a.published_at);
        for (const auto& author : a.authors) listing("/authors/" + author.slug, a.published_at);
        for (const auto& t : a.tags) listing("/tags/" + t.slug, a.published_at);
    });
    if (!walked) return walked.error();
    for (auto& l : listings) urls.push_back(std::move(l));
    return urls;
}

// A sitemap answer from Services::sitemaps (under the sitemap's path), or built and kept there.
// That cache is cleared on every article change this node hears of (http/node_events.cpp), never
// by comments, so a sitemap is at most its lifetime behind another node's change.
const std::string kSitemapKey = "xml";

template <typename Build>
Response cached_sitemap(Services& s, const Request& req, const std::string& key, Build build) {
    if (auto hit = s.sitemaps.get(key, kSitemapKey)) {
        Response r = cached_answer(req, *hit, render::kXmlType);
        r.replace("Cache-Control", std::string(kClientMaxAge));
        return r;
    }
    const std::uint64_t version = s.sitemaps.version(key);
    domain::Result<std::optional<std::string>> body = build();
    if (!body) return pages::error_html(s, body.error());
    if (!*body) return pages::error_html(s, feed_not_found("sitemap"));
    CachedBody c = store_cached_body(s.sitemaps, key, kSitemapKey, version, std::move(**body), render::kXmlType,
                                     s.config.compression);
    Response r = cached_answer(req, c, render::kXmlType);
    r.replace("Cache-Control", std::string(kClientMaxAge));
    return r;
}

}  // namespace

Response site_rss(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kSite, FeedFormat::kRss); }
Response site_atom(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kSite, FeedFormat::kAtom); }
Response section_rss(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kSection, FeedFormat::kRss); }
Response section_atom(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kSection, FeedFormat::kAtom); }
Response author_rss(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kAuthor, FeedFormat::kRss); }
Response author_atom(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kAuthor, FeedFormat::kAtom); }
Response tag_rss(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kTag, FeedFormat::kRss); }
Response tag_atom(Services& s, Request& req, const Identity&) { return article_feed(s, req, Listing::kTag, FeedFormat::kAtom); }

Response comments_atom(Services& s, Request& req, const Identity& who) {
    auto slug = path_slug(req, "article");
    if (!slug) return pages::error_html(s, slug.error());
    // As the article page: the cache's version is read before the article and its comments.
    const std::string first_page = "/articles/" + *slug;
    const std::uint64_t version = s.cache.version(first_page);
    auto article = service::read_article(s, who, *slug);
    if (!article) return pages::error_html(s, article.error());
    const std::string page = article->page_key();
    store::QueueQuery q;
    q.queue = store::Queue::kApproved;
    q.order = domain::SortOrder::kNewest;
    q.limit = render::kFeedComments;
    q.page = page;
    auto comments = s.store.list_queue(q);
    if (!comments) return pages::error_html(s, comments.error());
    render::CommentFeedView v;
    v.site = s.config.site;
    v.now = article->published_at;
    v.comments = std::move(comments->comments);
    v.article = std::move(*article);
    std::string body = render::comments_atom_feed(v);
    // Kept only for a discussion still at its article's path (as the article page).
    CachedBody encoded = page == first_page ? store_cached_body(s.cache, page, std::string(kCommentFeedKey), version,
                                                                std::move(body), render::kAtomType, s.config.compression)
                                            : make_cached_body(std::move(body), render::kAtomType, false);
    Response r = cached_answer(req, encoded, render::kAtomType);
    r.replace("Cache-Control", std::string(kClientMaxAge));
    return r;
}

std::optional<Response> comments_atom_fast(Services& s, Request& req) {
    if (req.path_params.empty() || !domain::is_valid_slug(req.path_params[0])) return std::nullopt;
    auto hit = s.cache.get("/articles/" + req.path_params[0], std::string(kCommentFeedKey));
    if (!hit) return std::nullopt;
    Response r = cached_answer(req, *hit, render::kAtomType);
    r.replace("Cache-Control", std::string(kClientMaxAge));
    return r;
}

Response sitemap(Services& s, Request& req, const Identity&) {
    return cached_sitemap(s, req, "/sitemap.xml", [&]() -> domain::Result<std::optional<std::string>> {
        auto urls = sitemap_urls(s);
        if (!urls) return urls.error();
        return std::optional(render::sitemap_xml(s.config.site, *urls));
    });
}

Response sitemap_file(Services& s, Request& req, const Identity&) {
    // "{n}.xml", n a canonical whole number within the index's bound; anything else is no file.
    const std::string& file = req.path_params.empty() ? std::string() : req.path_params[0];
    const auto n = file.ends_with(".xml") ? domain::parse_positive(std::string_view(file).substr(0, file.size() - 4))
                                          : std::nullopt;
    if (!n || static_cast<std::size_t>(*n) > render::sitemap_files(kSitemapMaxUrls, render::kSitemapUrlsPerFile))
        return pages::error_html(s, feed_not_found("sitemap"));
    return cached_sitemap(s, req, "/sitemaps/" + std::to_string(*n) + ".xml", [&]() -> domain::Result<std::optional<std::string>> {
        auto urls = sitemap_urls(s);
        if (!urls) return urls.error();
        return render::sitemap_file_xml(s.config.site, *urls, static_cast<std::size_t>(*n));
    });
}

Response news_sitemap(Services& s, Request& req, const Identity&) {
    return cached_sitemap(s, req, "/sitemap-news.xml", [&]() -> domain::Result<std::optional<std::string>> {
        const domain::Time since = s.clock.now() - render::kNewsSitemapWindow;
        std::vector<domain::Article> articles;
        auto walked = walk_published(s, render::kNewsSitemapArticles, since, [&](const domain::Article& a) {
            domain::Article named;  // what the news sitemap shows, without the body
            named.slug = a.slug;
            named.title = a.title;
            named.published_at = a.published_at;
            articles.push_back(std::move(named));
        });
        if (!walked) return walked.error();
        return std::optional(render::news_sitemap_xml(s.config.site, articles));
    });
}

Response robots(Services& s, Request& req, const Identity&) {
    return xml_answer(req, render::robots_txt(s.config.site), render::kTextType);
}

}  // namespace tribune::http::feeds
