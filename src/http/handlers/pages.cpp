// Server-rendered pages and their forms: everything works without scripts (POST-redirect-GET).
#include "http/handlers/handlers.hpp"

#include <spdlog/spdlog.h>

#include "domain/comment_text.hpp"
#include "http/cached_answer.hpp"
#include "service/comments.hpp"
#include "http/json_codec.hpp"
#include "http/list_params.hpp"
#include "http/local_redirect.hpp"
#include "service/accounts.hpp"
#include "service/article_lists.hpp"
#include "service/articles.hpp"
#include "service/preview_links.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/media.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "http/origin.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "service/thread_reader.hpp"
#include "render/coverage.hpp"
#include "http/media_embeds.hpp"
#include "render/markdown.hpp"
#include "render/pages.hpp"

namespace tribune::http::pages {

using domain::ErrorCode;

constexpr int kRelatedArticles = 5;
inline const std::string kThankYou = "Thank you! Your submission has been received!";

Response error_html(Services& s, int status, std::string title, std::string message) {
    render::ErrorView v;
    v.site = s.config.site;
    v.status = status;
    v.title = std::move(title);
    v.message = std::move(message);
    return html_response(status, render::error_page(v));
}

Response error_html(Services& s, const domain::Error& e) {
    return error_html(s, status_of(e.code), e.title, e.message);
}

namespace {

std::string display_name_of(const HttpConfig& config, const Request& req) {
    auto name = req.cookie(cookie_name(kNameCookie, config));
    return name ? *name : std::string{};
}

// Only our own article paths are followed after a form post, never an outside URL.
std::string safe_return_to(std::string_view wanted, const std::string& fallback) {
    return local_redirect_or(wanted, "/articles/", fallback);
}

// The article a page route names by slug (path_params[0]) as `who` may see it, or the answer
// instead: 404 (none, or a draft), 410 (withdrawn), or for a GET at an old slug a 301 to the
// same place under the current one.
domain::Result<domain::Article> page_article(Services& s, const Request& req, const Identity& who,
                                             std::optional<Response>& answer) {
    const std::string& slug = req.path_params[0];
    auto article = service::read_article(s, who, slug);
    if (article || article.error().code != ErrorCode::kNotFound) {
        if (!article) answer = error_html(s, article.error());
        return article;
    }
    if (req.method == Method::kGet || req.method == Method::kHead) {
        auto moved = s.store.article_redirect(slug);
        // Only to an article this reader may see: a draft's new slug is not told.
        if (moved && *moved) {
            if (auto target = service::read_article(s, who, **moved); !target) {
                answer = error_html(s, target.error());
                return target;
            }
            // The rest of the target after the slug (a replies page, the query) comes along as sent.
            const std::string prefix = "/articles/" + slug;
            std::string rest = req.target.starts_with(prefix) ? req.target.substr(prefix.size()) : std::string();
            answer = moved_permanently("/articles/" + **moved + rest);
            return article;
        }
    }
    answer = error_html(s, article.error());
    return article;
}

bool has_cookies_or_query(const Request& req) { return req.header("cookie") || !req.query.empty(); }

// Makes sure the comment just posted is on the page its author lands on, even when it sorts
// onto a later page of a long thread.
void include_posted(Services& s, domain::ThreadPage& thread, const domain::Comment& posted, const domain::Viewer& viewer) {
    for (auto& node : thread.comments) {
        if (node.comment.id == posted.id) return;
        for (const auto& r : node.replies)
            if (r.id == posted.id) return;
    }
    if (!posted.parent_id) {
        thread.comments.push_back(domain::CommentNode{posted, {}, std::nullopt});
        return;
    }
    for (auto& node : thread.comments) {
        if (node.comment.id == *posted.parent_id) {
            node.replies.push_back(posted);
            return;
        }
    }
    auto parent = visible_comment(s, *posted.parent_id, viewer);
    if (parent) thread.comments.push_back(domain::CommentNode{*parent, {posted}, std::nullopt});
}

domain::Result<render::ArticleView> build_article_view(Services& s, const Request& req, const domain::Article& article,
                                                       const Identity& who) {
    render::ArticleView v;
    v.site = s.config.site;
    v.now = s.clock.now();
    v.article = article;
    v.body_html = article_body(s, article.body_markdown);
    if (article.media && article.media->kind == "image")
        for (const auto& copy : service::image_copies(s, article.media->url))
            v.lead_image_sources.push_back({service::media_url(copy), copy.width.value_or(0)});
    v.viewer = who.viewer;
    v.display_name = display_name_of(s.config, req);
    v.csrf_token = who.csrf_token;
    auto policy = effective_policy(s, article.page_key());
    if (!policy) return policy.error();
    v.comments_closed = policy->closed;
    v.closed_reason = policy->closed_reason;
    v.sign_in_required = policy->signin_required;
    v.sign_in_offered = s.config.identity.email_links || !s.config.identity.oidc_providers.empty();
    // Read before the thread, so any event after this point is replayed to the page's script.
    if (s.live_position) v.live_event_id = s.live_position();
    v.live_insert = s.config.live_insert;
    auto q = list_query_from(req, who, s.config.limits);
    if (!q) return q.error();
    v.is_continuation = q->after_id.has_value();
    auto thread = service::read_thread(s.store, article.page_key(), *q, s.config.limits);
    if (!thread) return thread.error();
    v.thread = std::move(*thread);
    auto related = service::related_articles(s, article, kRelatedArticles);
    if (!related) return related.error();
    v.related = std::move(related->by_author);
    v.on_topic = std::move(related->on_topic);
    // Live coverage: read after the live position too, so an update posted meanwhile is replayed.
    store::LiveUpdateQuery updates;
    updates.article_id = article.id;
    updates.limit = render::kPageLiveUpdates;
    auto live_updates = s.store.live_updates(updates);
    if (!live_updates) return live_updates.error();
    v.live_updates = std::move(*live_updates);
    if (auto reported = req.query_param("reported"); reported && parse_id(*reported))
        v.feedback = render::FormFeedback{true, "Thank you for the report. A moderator will review the comment.",
                                          std::nullopt, {}};
    if (auto posted = req.query_param("posted")) {
        if (auto id = parse_id(*posted)) {
            auto c = visible_comment(s, *id, who.viewer);
            if (c && c->page == article.page_key()) {
                v.posted_id = *id;
                v.feedback = render::FormFeedback{true, kThankYou, c->parent_id, {}};
                include_posted(s, v.thread, *c, who.viewer);
            }
        }
    }
    return v;
}

}  // namespace

Response article_page(Services& s, Request& req, const Identity& who) {
    // The cache's version is read before the article: a save after this point makes the entry
    // stored below stale at once, never a page of the old article kept as current.
    const std::string first_page = "/articles/" + req.path_params[0];
    const bool anonymous = !has_cookies_or_query(req) && !req.header("authorization");
    const std::uint64_t version = anonymous ? s.cache.version(first_page) : 0;
    std::optional<Response> answer;
    auto article = page_article(s, req, who, answer);
    if (answer) return std::move(*answer);
    const std::string page = article->page_key();
    // Only what every reader gets is cached: a published article whose discussion is still at
    // its path (a renamed one is rendered each time). The slug is part of the entry's key.
    const bool cacheable = anonymous && page == first_page && article->status == domain::ArticleStatus::kPublished;
    auto view = build_article_view(s, req, *article, who);
    if (!view) return error_html(s, view.error());
    // Only the page every anonymous reader gets is compressed (once, for the cache entry): a
    // signed-in reader's page holds a CSRF token beside text they may have typed (BREACH).
    CachedBody encoded =
        cacheable ? store_cached_body(s.cache, page, "html:" + article->slug, version, render::article_page(*view), kHtmlType,
                                      s.config.compression)
                  : make_cached_body(render::article_page(*view), kHtmlType, false);
    return cached_answer(req, encoded, kHtmlType);
}

// A private preview: the article as readers will see it, for whoever holds the link, never
// cached, never indexed (the site's Referrer-Policy sends other sites no path or query, so the
// link's signature never leaves with a click); no discussion yet.
Response preview_page(Services& s, Request& req, const Identity& who) {
    auto article = service::open_preview_link(s, req.path_params[0], req.query_param("expires").value_or(""),
                                              req.query_param("sig").value_or(""));
    if (!article) return error_html(s, article.error());
    Request first = req;
    first.query.clear();
    auto view = build_article_view(s, first, *article, who);
    if (!view) return error_html(s, view.error());
    view->preview = true;
    view->comments_closed = true;
    view->closed_reason = "Comments open when the article is published.";
    Response r = html_response(200, render::article_page(*view));
    r.set("Cache-Control", "no-store");
    r.set("X-Robots-Tag", "noindex, nofollow");
    return r;
}

Response draft_preview(Services& s, const Request& req, const Identity& who, const domain::Article& article) {
    Request first = req;
    first.query.clear();
    auto view = build_article_view(s, first, article, who);
    if (!view) return error_html(s, view.error());
    view->preview = true;
    view->preview_note = "This is the article as readers will see it. It is not saved until you save it.";
    view->comments_closed = true;
    view->closed_reason = article.status == domain::ArticleStatus::kPublished
                              ? "A preview takes no comments: readers comment on the article's page."
                              : "Comments open when the article is published.";
    if (article.id == 0) view->thread = {};  // a new article has no discussion yet
    Response r = html_response(200, render::article_page(*view));
    r.set("Cache-Control", "no-store");
    r.set("X-Robots-Tag", "noindex, nofollow");
    return r;
}

std::optional<Response> article_page_fast(Services& s, Request& req) {
    if (has_cookies_or_query(req) || req.header("authorization")) return std::nullopt;
    const std::string& slug = req.path_params[0];
    auto hit = s.cache.get("/articles/" + slug, "html:" + slug);
    if (!hit) return std::nullopt;
    return cached_answer(req, *hit, kHtmlType);
}

namespace {

// A failed form is shown again, filled in, with the reason (no redirect, so nothing is lost).
Response failed_form(Services& s, const Request& req, const domain::Article& article, const Identity& who,
                     const domain::Error& e, const domain::CommentDraft& draft) {
    Request get = req;
    get.query.clear();
    auto view = build_article_view(s, get, article, who);
    if (!view) return error_html(s, view.error());
    std::string detail = e.message.empty() ? e.title : e.message;
    view->feedback = render::FormFeedback{false, std::move(detail), draft.parent_id, draft.text};
    Response r = html_response(status_of(e.code), render::article_page(*view));
    if (r.status == 429 || r.status == 503)
        r.set("Retry-After", std::to_string(e.retry_after_seconds > 0 ? e.retry_after_seconds : 1));
    return r;
}

}  // namespace

Response post_comment_form(Services& s, Request& req, const Identity& who) {
    std::optional<Response> answer;
    auto article = page_article(s, req, who, answer);
    if (answer) return std::move(*answer);
    if (!form_from_site(s.config, req)) return error_html(s, 403, "Forbidden", "This form was sent from another site.");
    auto form = parse_form(req.body);
    if (!form) return error_html(s, 400, "Malformed form", "The form data could not be read.");
    Request fields;
    fields.query = std::move(*form);
    domain::CommentDraft draft;
    draft.page = article->page_key();
    draft.text = std::string(fields.query_param("text").value_or(""));
    if (auto name = fields.query_param("author_name")) draft.author_name = std::string(*name);
    else draft.author_name = display_name_of(s.config, req);
    if (auto parent = fields.query_param("parent_id"); parent && !parent->empty())
        draft.parent_id = parse_id(*parent).value_or(0);
    // A checkbox is sent only when ticked. The address is never put back into the page.
    auto mail = service::read_mail_request(fields.query_param("author_email").value_or(""),
                                           fields.query_param("notify_replies").has_value(),
                                           fields.query_param("notify_approval").has_value());
    if (!mail) return failed_form(s, req, *article, who, mail.error(), draft);
    auto posted = post_comment(s, draft, who, *mail);
    if (!posted) {
        if (posted.error().code == ErrorCode::kUnavailable || posted.error().code == ErrorCode::kInternal)
            spdlog::warn("form_post_failed id={} error=\"{}\"", req.request_id, posted.error().title);
        return failed_form(s, req, *article, who, posted.error(), draft);
    }
    const std::string id = format_id(posted->comment.id);
    const std::string back = "/articles/" + article->slug;
    std::string location =
        safe_return_to(fields.query_param("return_to").value_or(""), back);
    location += (location.find('?') == std::string::npos ? "?posted=" : "&posted=") + id + "#comment-" + id;
    Response r = see_other(std::move(location));
    if (posted->token_is_new) r.set("Set-Cookie", author_cookie(posted->author_token, s.config));
    return r;
}

// A reader's report from the article page; PRG back to the comment with a thank-you.
Response report_form(Services& s, Request& req, const Identity& who) {
    std::optional<Response> answer;
    auto article = page_article(s, req, who, answer);
    if (answer) return std::move(*answer);
    const auto id = parse_id(req.path_params[1]);
    if (!id) return error_html(s, 404, "Comment not found", "There is no such comment.");
    if (!form_from_site(s.config, req)) return error_html(s, 403, "Forbidden", "This form was sent from another site.");
    auto form = parse_form(req.body);
    if (!form) return error_html(s, 400, "Malformed form", "The form data could not be read.");
    Request fields;
    fields.query = std::move(*form);
    auto c = s.store.get_comment(*id);
    if (!c || c->page != article->page_key()) return error_html(s, 404, "Comment not found", "There is no such comment.");
    auto reported = report_comment(s, *id, fields.query_param("reason").value_or(""), who);
    if (!reported && reported.error().code != ErrorCode::kConflict) {
        domain::CommentDraft nothing;
        return failed_form(s, req, *article, who, reported.error(), nothing);
    }
    // Reporting twice is not an error for the reader: the first report stands.
    return see_other("/articles/" + article->slug + "?reported=" + format_id(*id) + "#comment-" + format_id(*id));
}

namespace {

// A refused name is shown on the article the form came from, with the reason.
Response failed_name_form(Services& s, const Request& req, const std::string& back, const domain::Error& e) {
    constexpr std::string_view kPrefix = "/articles/";
    if (back.rfind(kPrefix, 0) != 0) return error_html(s, e);
    const std::string rest = back.substr(kPrefix.size());
    const Identity who = identify(req, s.config);
    auto article = service::read_article(s, who, rest.substr(0, rest.find('/')));
    if (!article) return error_html(s, e);
    domain::CommentDraft nothing;
    return failed_form(s, req, *article, who, e, nothing);
}

}  // namespace

Response set_name_form(Services& s, Request& req, const Identity&) {
    if (!form_from_site(s.config, req)) return error_html(s, 403, "Forbidden", "This form was sent from another site.");
    auto form = parse_form(req.body);
    if (!form) return error_html(s, 400, "Malformed form", "The form data could not be read.");
    Request fields;
    fields.query = std::move(*form);
    auto name = domain::validate_author_name(fields.query_param("author_name").value_or(""), s.config.limits);
    const std::string back = safe_return_to(fields.query_param("return_to").value_or(""), "/");
    if (!name) return failed_name_form(s, req, back, name.error());
    Response r = see_other(back + "#comments");
    r.set("Set-Cookie", name_cookie(*name == domain::kNoName ? std::string{} : *name, s.config));
    return r;
}

Response replies_page(Services& s, Request& req, const Identity& who) {
    std::optional<Response> answer;
    auto article = page_article(s, req, who, answer);
    if (answer) return std::move(*answer);
    const auto id = parse_id(req.path_params[1]);
    if (!id) return error_html(s, 404, "Comment not found", "There is no such comment.");
    auto parent = visible_comment(s, *id, who.viewer);
    if (!parent || parent->page != article->page_key())
        return error_html(s, 404, "Comment not found", "There is no such comment.");
    auto q = list_query_from(req, who, s.config.limits);
    if (!q) return error_html(s, q.error());
    auto replies = service::read_replies(s.store, *parent, *q);
    if (!replies) return error_html(s, replies.error());
    render::RepliesView v;
    v.site = s.config.site;
    v.now = s.clock.now();
    v.article = std::move(*article);
    v.replies = std::move(*replies);
    v.viewer = who.viewer;
    v.display_name = display_name_of(s.config, req);
    v.csrf_token = who.csrf_token;
    auto policy = effective_policy(s, v.article.page_key());
    if (!policy) return error_html(s, policy.error());
    v.comments_closed = policy->closed;
    v.sign_in_required = policy->signin_required;
    v.sign_in_offered = s.config.identity.email_links || !s.config.identity.oidc_providers.empty();
    if (auto posted = req.query_param("posted"); posted && parse_id(*posted))
        v.feedback = render::FormFeedback{true, kThankYou, parent->id, {}};
    return html_response(200, render::replies_page(v));
}

}  // namespace tribune::http::pages
