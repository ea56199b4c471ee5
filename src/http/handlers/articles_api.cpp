// The JSON API for articles (docs/openapi.yaml): what newsroom tools and automation use.
#include "http/handlers/handlers.hpp"

#include "domain/cursor.hpp"
#include "domain/decimal.hpp"
#include "domain/search_text.hpp"
#include "http/article_codec.hpp"
#include "http/cached_answer.hpp"
#include "http/problem.hpp"
#include "http/media_embeds.hpp"
#include "render/markdown.hpp"
#include "render/search_page.hpp"
#include "service/article_reviews.hpp"
#include "service/article_search.hpp"
#include "service/articles.hpp"
#include "service/author_profiles.hpp"
#include "service/authorize.hpp"
#include "service/preview_links.hpp"
#include "service/policies.hpp"

namespace tribune::http::articles_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::int64_t kDefaultLimit = 20;
constexpr std::int64_t kMaxLimit = 100;

domain::Error bad_param(std::string name, std::string message) {
    return make_error(ErrorCode::kInvalid, "Invalid parameter " + name, message, {domain::FieldError{name, message}});
}

// A slug filter: absent, or a canonical slug (anything else matches nothing, so say so).
domain::Result<std::string> slug_param(const Request& req, const char* name) {
    auto v = req.query_param(name);
    if (!v) return std::string();
    if (!domain::is_valid_slug(*v)) return bad_param(name, std::string(name) + " is a slug: a-z, 0-9 and hyphens");
    return std::string(*v);
}

domain::Result<store::ArticleQuery> query_from(const Request& req) {
    store::ArticleQuery q;
    q.limit = static_cast<int>(kDefaultLimit);
    if (auto limit = req.query_param("limit")) {
        auto n = domain::parse_integer(*limit);
        if (!n || *n < 1 || *n > kMaxLimit) return bad_param("limit", "limit is a whole number from 1 to 100");
        q.limit = static_cast<int>(*n);
    }
    if (auto cursor = req.query_param("cursor")) {
        auto c = domain::decode_article_cursor(*cursor);
        if (!c) return c.error();
        q.after = std::pair{c->time, c->id};
    }
    if (auto status = req.query_param("status")) {
        if (*status == "all") q.status.reset();
        else if (auto s = domain::parse_article_status(*status)) q.status = *s;
        else return bad_param("status", "status is draft, scheduled, published, unpublished or all");
    }
    // The review queue (service/article_reviews.hpp): any status unless one is asked for.
    if (auto review = req.query_param("for_review")) {
        if (*review != "1" && *review != "true" && *review != "0" && *review != "false")
            return bad_param("for_review", "for_review is 1 or 0");
        q.for_review = *review == "1" || *review == "true";
        if (q.for_review && !req.query_param("status")) q.status.reset();
    }
    for (auto [name, target] : {std::pair<const char*, std::string*>{"section", &q.section},
                                {"tag", &q.tag},
                                {"author", &q.author}}) {
        auto slug = slug_param(req, name);
        if (!slug) return slug.error();
        *target = std::move(*slug);
    }
    return q;
}

// GET /api/v1/articles?q=: ranked search over published articles. Takes section, limit and a
// search cursor (an offset, bounded); tag, author and status do not combine with q.
domain::Result<service::SearchRequest> search_request_from(const Request& req) {
    service::SearchRequest sr;
    sr.q = std::string(*req.query_param("q"));
    for (const char* name : {"tag", "author", "status", "for_review"})
        if (req.query_param(name)) return bad_param(name, std::string("q combines only with section, limit and cursor"));
    if (auto limit = req.query_param("limit")) {
        auto n = domain::parse_integer(*limit);
        if (!n || *n < 1 || *n > kMaxLimit) return bad_param("limit", "limit is a whole number from 1 to 100");
        sr.limit = static_cast<int>(*n);
    }
    if (auto cursor = req.query_param("cursor")) {
        auto offset = domain::decode_search_cursor(*cursor);
        if (!offset) return offset.error();
        sr.offset = *offset;
    }
    auto section = slug_param(req, "section");
    if (!section) return section.error();
    sr.section = std::move(*section);
    return sr;
}

// Kept like the search page's answers (http/handlers/search_page.cpp): the same for everyone
// until an article or a comment changes, under the exact q and the page asked for, from the
// parsed request (never its text). "" for a q longer than any search takes: never kept.
std::string search_entry_name(const service::SearchRequest& sr) {
    if (sr.q.size() > domain::search_limits::kQueryBytes) return {};
    return "/api/v1/articles?" + std::to_string(sr.offset) + "&" + std::to_string(sr.limit) + "&" + sr.section + "&" + sr.q;
}

const std::string kSearchKey = "json";

Response search(Services& s, Request& req, const Identity& who) {
    auto sr = search_request_from(req);
    if (!sr) return problem(sr.error());
    const std::string name = search_entry_name(*sr);
    const bool keep = !name.empty();
    if (keep) {
        if (auto hit = s.lists.get(name, kSearchKey)) return cached_answer(req, *hit, kJsonType);
    }
    const std::uint64_t version = keep ? s.lists.version(name) : 0;
    auto found = service::search_articles(s, who, *sr);
    if (!found) return problem(found.error());
    std::vector<domain::Article> articles;
    std::vector<std::string> pages;
    std::vector<std::string> snippets;
    for (auto& hit : found->hits) {
        pages.push_back(hit.article.page_key());
        snippets.push_back(render::snippet_html(hit.snippet));
        articles.push_back(std::move(hit.article));
    }
    auto counts = s.store.count_approved_many(pages);
    if (!counts) return problem(counts.error());
    std::vector<ArticleComments> comments;
    for (std::size_t i = 0; i < articles.size(); ++i)
        comments.push_back({i < counts->size() ? (*counts)[i] : 0, false});
    std::optional<std::string> next;
    if (found->next_offset) next = domain::encode_search_cursor(*found->next_offset);
    std::string body = encode_search_results(articles, comments, snippets, next);
    CachedBody encoded = keep ? store_cached_body(s.lists, name, kSearchKey, version, std::move(body), kJsonType,
                                                  s.config.compression)
                              : make_cached_body(std::move(body), kJsonType, s.config.compression);
    return cached_answer(req, encoded, kJsonType);
}

domain::Result<ArticleComments> comments_of(Services& s, const domain::Article& a) {
    auto total = s.store.count_approved(a.page_key());
    if (!total) return total.error();
    auto policy = service::effective_policy(s, a.page_key());
    if (!policy) return policy.error();
    return ArticleComments{*total, policy->closed};
}

}  // namespace

Response article_answer(Services& s, const domain::Article& a, int status) {
    auto comments = comments_of(s, a);
    if (!comments) return problem(comments.error());
    Response r = json_response(status, encode_article(a, article_body(s, a.body_markdown), *comments));
    if (status == 201) r.set("Location", "/api/v1/articles/" + a.slug);
    return r;
}

std::optional<Response> list_fast(Services& s, Request& req) {
    // A search only, and only for a request without credentials (as list_comments_fast): what one
    // means is for the handler to decide.
    if (!req.query_param("q") || req.header("authorization") || has_credential_cookie(req)) return std::nullopt;
    auto sr = search_request_from(req);
    if (!sr) return std::nullopt;  // the handler answers the error
    const std::string name = search_entry_name(*sr);
    if (name.empty()) return std::nullopt;
    auto hit = s.lists.get(name, kSearchKey);
    if (!hit) return std::nullopt;
    return cached_answer(req, *hit, kJsonType);
}

Response list(Services& s, Request& req, const Identity& who) {
    if (req.query_param("q")) return search(s, req, who);
    auto q = query_from(req);
    if (!q) return problem(q.error());
    auto articles = q->for_review ? service::list_review_queue(s, who, *q) : service::list_articles(s, who, *q);
    if (!articles) return problem(articles.error());
    std::vector<std::string> pages;
    for (const auto& a : *articles) pages.push_back(a.page_key());
    auto counts = s.store.count_approved_many(pages);
    if (!counts) return problem(counts.error());
    std::vector<ArticleComments> comments;
    for (std::size_t i = 0; i < articles->size(); ++i)
        comments.push_back({i < counts->size() ? (*counts)[i] : 0, false});
    std::optional<std::string> next;
    if (static_cast<int>(articles->size()) == q->limit && !articles->empty()) {
        const auto& last = articles->back();
        const bool by_publication = q->status == domain::ArticleStatus::kPublished;
        next = domain::encode_article_cursor({by_publication ? last.published_at : last.updated_at, last.id});
    }
    Response r = json_response(200, encode_article_list(*articles, comments, next));
    r.set("Cache-Control", "no-cache");
    return r;
}

Response get(Services& s, Request& req, const Identity& who) {
    auto a = service::read_article(s, who, req.path_params[0]);
    if (!a) return problem(a.error());
    return article_answer(s, *a, 200);
}

Response create(Services& s, Request& req, const Identity& who) {
    auto draft = decode_article_draft(req.body);
    if (!draft) return problem(draft.error());
    auto a = service::create_article(s, who, *draft);
    if (!a) return problem(a.error());
    return article_answer(s, *a, 201);
}

Response update(Services& s, Request& req, const Identity& who) {
    auto draft = decode_article_draft(req.body);
    if (!draft) return problem(draft.error());
    auto a = service::update_article(s, who, req.path_params[0], *draft);
    if (!a) return problem(a.error());
    return article_answer(s, *a, 200);
}

namespace {

bool sees_accounts(const Identity& who) { return static_cast<bool>(service::authorize(who, service::Permission::kPublish)); }

}  // namespace

Response authors(Services& s, Request& req, const Identity& who) {
    constexpr int kPage = 50;
    std::string after;
    if (auto cursor = req.query_param("cursor")) {
        if (!domain::is_valid_slug(*cursor)) return problem(bad_param("cursor", "cursor is the next_cursor of the last page"));
        after = std::string(*cursor);
    }
    auto list = s.store.list_authors(after, kPage + 1);
    if (!list) return problem(list.error());
    std::optional<std::string> next;
    if (static_cast<int>(list->size()) > kPage) {
        list->resize(kPage);
        next = list->back().slug;
    }
    // Readers see the profiles they may open (service::author_profile); a page may hold fewer.
    if (!service::authorize(who, service::Permission::kWrite))
        std::erase_if(*list, [](const store::AuthorProfile& p) { return !p.visible_to_readers(); });
    Response r = json_response(200, encode_author_list(*list, sees_accounts(who), next));
    r.set("Cache-Control", "no-cache");
    return r;
}

Response author(Services& s, Request& req, const Identity& who) {
    auto p = service::author_profile(s, who, req.path_params[0]);
    if (!p) return problem(p.error());
    return json_response(200, encode_author(*p, sees_accounts(who)));
}

Response update_author(Services& s, Request& req, const Identity& who) {
    auto draft = decode_author_draft(req.body);
    if (!draft) return problem(draft.error());
    auto p = service::update_author_profile(s, who, req.path_params[0], *draft);
    if (!p) return problem(p.error());
    return json_response(200, encode_author(*p, true));
}

Response preview_link(Services& s, Request& req, const Identity& who) {
    auto days = decode_preview_days(req.body, service::kPreviewDefaultDays);
    if (!days) return problem(days.error());
    auto link = service::make_preview_link(s, who, req.path_params[0], *days);
    if (!link) return problem(link.error());
    Response r = json_response(201, encode_preview_link(s.config.site.base_url + link->path, link->path, link->expires_at));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace tribune::http::articles_api
