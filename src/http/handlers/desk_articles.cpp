// The newsroom at the desk: the list of articles and the article editor, as plain forms (PRG)
// over the same use cases as the API (service/articles.hpp): editors see and change every
// article, authors their own drafts. The guard admits the newsroom's writers (Caller::kWriter).
#include "http/handlers/handlers.hpp"

#include <algorithm>

#include "domain/cursor.hpp"
#include "domain/line_diff.hpp"
#include "domain/time.hpp"
#include "domain/utf8.hpp"
#include "http/media_embeds.hpp"
#include "http/handlers/desk_support.hpp"
#include "http/problem.hpp"
#include "render/desk_pages.hpp"
#include "http/handlers/handlers.hpp"
#include "service/article_reviews.hpp"
#include "service/article_revisions.hpp"
#include "service/articles.hpp"
#include "service/authorize.hpp"
#include "service/policies.hpp"

namespace tribune::http::desk {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr int kArticlesPerPage = 50;
constexpr std::size_t kMaxNames = 100;
constexpr std::size_t kMaxTitleQuery = 100;  // bytes of the list's title search

bool may_publish(const Identity& who) { return static_cast<bool>(service::authorize(who, service::Permission::kPublish)); }
bool may_set_comments(const Identity& who) {
    return may_publish(who) || static_cast<bool>(service::authorize(who, service::Permission::kModerate));
}

// "a, b ,c" -> {"a", "b", "c"}; empty parts dropped, at most kMaxNames (the use case bounds them).
std::vector<std::string> names_of(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty() && out.size() <= kMaxNames) {
        const auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        const auto first = part.find_first_not_of(" \t");
        if (first != std::string_view::npos) out.emplace_back(part.substr(first, part.find_last_not_of(" \t") - first + 1));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string joined(const std::vector<domain::NamedRef>& refs) {
    std::string out;
    for (const auto& r : refs) out += (out.empty() ? "" : ", ") + r.name;
    return out;
}

// "2026-01-15T12:00:05Z" -> "2026-01-15T12:00:05", what a datetime-local input with seconds shows
// (in UTC): a save keeps the time to the second.
std::string local_input(domain::Time t) { return domain::format_rfc3339(t).substr(0, 19); }

render::DeskArticleForm form_of_article(const domain::Article& a) {
    render::DeskArticleForm f;
    f.slug = a.slug;
    f.title = a.title;
    f.new_slug = a.slug;
    f.summary = a.summary;
    f.body_markdown = a.body_markdown;
    f.authors = joined(a.authors);
    f.section = a.section ? a.section->name : "";
    f.tags = joined(a.tags);
    f.status = std::string(domain::to_string(a.status));
    // A draft's time is when it was begun, not when it goes out: the field stays empty.
    if (a.status != domain::ArticleStatus::kDraft) f.published_at = local_input(a.published_at);
    if (a.media) {
        f.media_url = a.media->url;
        f.media_alt = a.media->alt;
        f.media_caption = a.media->caption;
        f.media_credit = a.media->credit;
    }
    f.base_revision = std::to_string(a.revision);
    return f;
}

render::DeskArticleForm form_of_fields(const QueryParams& form, std::string slug) {
    render::DeskArticleForm f;
    f.slug = std::move(slug);
    f.title = field(form, "title");
    f.new_slug = field(form, "slug");
    f.summary = field(form, "summary");
    f.body_markdown = field(form, "body_markdown");
    f.authors = field(form, "authors");
    f.section = field(form, "section");
    f.tags = field(form, "tags");
    f.status = field(form, "status");
    f.published_at = field(form, "published_at");
    f.media_url = field(form, "media_url");
    f.media_alt = field(form, "media_alt");
    f.media_caption = field(form, "media_caption");
    f.media_credit = field(form, "media_credit");
    f.base_revision = field(form, "base_revision");
    f.comments = field(form, "comments");
    f.moderation = field(form, "moderation");
    f.comments_was = field(form, "comments_was");
    f.moderation_was = field(form, "moderation_was");
    // The one-step buttons: what they mean for the status and the time.
    const std::string_view action = field(form, "action");
    if (action == "publish") {
        f.status = "published";
        f.published_at.clear();  // now (a withdrawn article keeps its first time: see save_post)
    } else if (action == "schedule") {
        f.status = "scheduled";
    } else if (action == "unpublish") {
        f.status = "unpublished";
    }
    return f;
}

// The form as the use case's draft. `stored`: the article being edited (its lead media keeps
// what an upload measured while its URL stays).
domain::Result<service::ArticleDraft> draft_of(const render::DeskArticleForm& f, const domain::Article* stored) {
    // Checked before anything is saved: the discussion's settings are saved after the article.
    if (!f.moderation.empty() && !domain::parse_moderation_mode(f.moderation))
        return make_error(ErrorCode::kInvalid, "Invalid article", "choose a moderation mode from the list",
                          {domain::FieldError{"moderation", "a moderation mode"}});
    if (!f.comments.empty() && f.comments != "open" && f.comments != "closed")
        return make_error(ErrorCode::kInvalid, "Invalid article", "comments are open or closed",
                          {domain::FieldError{"comments", "open or closed"}});
    service::ArticleDraft d;
    d.title = f.title;
    if (!f.new_slug.empty()) d.slug = f.new_slug;
    d.summary = f.summary;
    d.body_markdown = f.body_markdown;
    if (auto names = names_of(f.authors); !names.empty()) d.authors = std::move(names);
    d.section = f.section;
    d.tags = names_of(f.tags);
    if (!f.status.empty()) d.status = f.status;
    if (!f.published_at.empty() && f.status != "draft") {
        // A datetime-local value ("YYYY-MM-DDTHH:MM", seconds optional) is taken as UTC.
        std::string text = f.published_at;
        if (text.size() == 16) text += ":00";
        auto at = domain::parse_rfc3339(text + "Z");
        if (!at)
            return make_error(ErrorCode::kInvalid, "Invalid article", "the publication time is not a date and time",
                              {domain::FieldError{"published_at", "a date and time"}});
        d.published_at = *at;
    }
    std::vector<service::MediaDraft> media;
    if (!f.media_url.empty()) {
        service::MediaDraft m;
        if (stored && stored->media && stored->media->url == f.media_url) {
            m.kind = stored->media->kind;
            m.duration_seconds = stored->media->duration_seconds;
            m.width = stored->media->width;
            m.height = stored->media->height;
        }
        m.url = f.media_url;
        m.alt = f.media_alt;
        m.caption = f.media_caption;
        m.credit = f.media_credit;
        media.push_back(std::move(m));
    }
    d.media = std::move(media);
    if (!f.base_revision.empty()) {
        auto n = parse_int(f.base_revision);
        if (!n || *n < 1 || *n > 1'000'000'000)
            return make_error(ErrorCode::kInvalid, "Invalid article", "the form's version is not a number");
        d.base_revision = static_cast<std::int32_t>(*n);
    }
    return d;
}

Response editor(Services& s, Desk& d, render::DeskArticleForm form, std::optional<domain::Article> stored,
                int status, std::string error, std::optional<domain::ReviewRequest> review = std::nullopt) {
    render::DeskArticleEditView v;
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    v.is_new = !stored;
    v.may_publish = may_publish(d.who);
    v.may_set_comments = may_set_comments(d.who);
    v.review = std::move(review);
    v.form = std::move(form);
    v.stored = std::move(stored);
    v.error = std::move(error);
    (void)s;
    return desk_html(status, render::desk_article_edit_page(v));
}

std::string edit_path(std::string_view slug) { return "/admin/articles/" + std::string(slug); }

// The discussion's settings as the form shows them.
domain::Result<void> load_comment_settings(Services& s, render::DeskArticleForm& f, const domain::Article& a) {
    auto p = service::thread_policy(s, a.page_key());
    if (!p) return p.error();
    f.comments = p->closed ? "closed" : "open";
    f.moderation = p->moderation ? std::string(domain::to_string(*p->moderation)) : std::string();
    f.comments_was = f.comments;
    f.moderation_was = f.moderation;
    return {};
}

// After a save: the discussion's settings from the form, for those who may set them.
domain::Result<void> save_comment_settings(Services& s, const Identity& who, const QueryParams& form,
                                           const render::DeskArticleForm& f, const domain::Article& saved) {
    if (!may_set_comments(who) || f.comments.empty()) return {};
    // Only what the writer changed on this form: a moderator's change made since it was loaded
    // (a thread closed meanwhile) is never written back from a stale form.
    if (f.comments == f.comments_was && f.moderation == f.moderation_was && !field(form, "comments_was").empty()) return {};
    auto now = service::thread_policy(s, saved.page_key());
    if (!now) return now.error();
    bool closed = now->closed;
    std::optional<domain::ModerationMode> mode = now->moderation;
    if (f.comments != f.comments_was || field(form, "comments_was").empty()) closed = f.comments == "closed";
    if (f.moderation != f.moderation_was || field(form, "comments_was").empty())
        mode = f.moderation.empty() ? std::nullopt : domain::parse_moderation_mode(f.moderation);  // checked by draft_of
    auto ok = service::set_article_comments(s, who, saved.slug, closed, mode);
    if (!ok) return ok.error();
    return {};
}

// What desk.js learns from a save it sent (autosave): where the article is now and its version.
Response saved_json(const domain::Article& a) {
    std::string body = "{\"slug\":\"" + a.slug + "\",\"edit_path\":\"" + edit_path(a.slug) +
                       "\",\"revision\":" + std::to_string(a.revision) + ",\"status\":\"" +
                       std::string(domain::to_string(a.status)) + "\",\"updated_at\":\"" +
                       domain::format_rfc3339(a.updated_at) + "\"}";
    Response r = json_response(200, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

namespace articles {

Response list_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    render::DeskArticlesView v;
    store::ArticleQuery q;
    q.status.reset();
    q.limit = kArticlesPerPage + 1;
    bool review_queue = false;
    if (auto status = req.query_param("status"); status && *status == "review") {
        review_queue = true;
        v.status = "review";
    } else if (auto status = req.query_param("status"); status && !status->empty()) {
        auto parsed = domain::parse_article_status(*status);
        if (!parsed) return desk_error(s, &d, 422, "Unknown status", "Choose a status from the list.");
        q.status = *parsed;
        v.status = std::string(*status);
    }
    for (auto [name, target, shown] : {std::tuple<const char*, std::string*, std::string*>{"author", &q.author, &v.author},
                                       {"section", &q.section, &v.section}}) {
        auto value = req.query_param(name);
        if (!value || value->empty()) continue;
        if (!domain::is_valid_slug(*value))
            return desk_error(s, &d, 422, "Not a link name", std::string("The ") + name + " is named by its link: a-z, 0-9 and hyphens.");
        *target = std::string(*value);
        *shown = *target;
    }
    if (auto text = req.query_param("q"); text && !text->empty()) {
        if (text->size() > kMaxTitleQuery)
            return desk_error(s, &d, 422, "Search too long", "Search titles with at most 100 bytes of text.");
        if (!domain::is_valid_utf8(*text) ||
            std::any_of(text->begin(), text->end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
            return desk_error(s, &d, 422, "Not searchable", "Search titles with words: no control characters.");
        q.title_contains = std::string(*text);
        v.query = q.title_contains;
    }
    if (auto cursor = req.query_param("cursor")) {
        auto c = domain::decode_article_cursor(*cursor);
        if (!c) return desk_error(s, &d, c.error());
        q.after = std::pair{c->time, c->id};
    }
    auto list = review_queue ? service::list_review_queue(s, who, q) : service::list_articles(s, who, q);
    if (!list) return desk_error(s, &d, list.error());
    if (static_cast<int>(list->size()) > kArticlesPerPage) {
        list->resize(kArticlesPerPage);
        const auto& last = list->back();
        const bool by_publication = q.status == domain::ArticleStatus::kPublished;
        v.next_cursor = domain::encode_article_cursor({by_publication ? last.published_at : last.updated_at, last.id});
    }
    v.articles = std::move(*list);
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    return desk_html(200, render::desk_articles_page(v));
}

Response new_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    render::DeskArticleForm f;
    f.authors = who.viewer.name;
    return editor(s, d, std::move(f), std::nullopt, 200, "");
}

Response edit_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    auto a = service::read_article(s, who, req.path_params[0]);
    if (!a) return desk_error(s, &d, a.error());
    const auto done = req.query_param("done").value_or("");
    if (done == "saved") d.frame.notices.push_back(render::DeskNotice{true, "Saved."});
    if (done == "restored") d.frame.notices.push_back(render::DeskNotice{true, "The version was restored as the newest."});
    if (done == "submitted") d.frame.notices.push_back(render::DeskNotice{true, "Submitted for review: the editors see it under For review."});
    if (done == "withdrawn") d.frame.notices.push_back(render::DeskNotice{true, "Withdrawn from review."});
    render::DeskArticleForm f = form_of_article(*a);
    std::optional<domain::ReviewRequest> review;
    if (a->status == domain::ArticleStatus::kDraft) {
        auto state = service::review_request(s, who, a->slug);
        if (!state) return desk_error(s, &d, state.error());
        review = state->request;
    }
    if (may_set_comments(who))
        if (auto ok = load_comment_settings(s, f, *a); !ok) return desk_error(s, &d, ok.error());
    return editor(s, d, std::move(f), *a, 200, "", std::move(review));
}

Response create_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    render::DeskArticleForm f = form_of_fields(*form, "");
    f.base_revision.clear();
    auto draft = draft_of(f, nullptr);
    if (!draft) {
        if (wants_json(req)) return problem(draft.error());
        return editor(s, d, std::move(f), std::nullopt, status_of(draft.error().code), message_of(draft.error()));
    }
    auto made = service::create_article(s, who, *draft);
    if (!made) {
        if (wants_json(req)) return problem(made.error());
        return editor(s, d, std::move(f), std::nullopt, status_of(made.error().code), message_of(made.error()));
    }
    if (auto ok = save_comment_settings(s, who, *form, f, *made); !ok) {
        if (wants_json(req)) return problem(ok.error());
        return editor(s, d, std::move(f), *made, status_of(ok.error().code), message_of(ok.error()));
    }
    if (wants_json(req)) return saved_json(*made);
    return see_other(edit_path(made->slug) + "?done=saved");
}

Response save_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    auto stored = service::read_article(s, who, req.path_params[0]);
    if (!stored) return desk_error(s, &d, stored.error());
    render::DeskArticleForm f = form_of_fields(*form, stored->slug);
    // Publishing a withdrawn article again: it is the article published then, not a new one.
    if (field(*form, "action") == "publish" && stored->status == domain::ArticleStatus::kUnpublished)
        f.published_at = local_input(stored->published_at);
    auto draft = draft_of(f, &*stored);
    if (!draft) {
        if (wants_json(req)) return problem(draft.error());
        return editor(s, d, std::move(f), *stored, status_of(draft.error().code), message_of(draft.error()));
    }
    auto saved = service::update_article(s, who, stored->slug, *draft);
    if (!saved) {
        if (wants_json(req)) return problem(saved.error());
        return editor(s, d, std::move(f), *stored, status_of(saved.error().code), message_of(saved.error()));
    }
    if (auto ok = save_comment_settings(s, who, *form, f, *saved); !ok) {
        if (wants_json(req)) return problem(ok.error());
        return editor(s, d, std::move(f), *saved, status_of(ok.error().code), message_of(ok.error()));
    }
    if (wants_json(req)) return saved_json(*saved);
    return see_other(edit_path(saved->slug) + "?done=saved");
}

Response review_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    const std::string_view submitted = field(*form, "submitted");
    if (submitted != "1" && submitted != "0")
        return desk_error(s, &d, 422, "Unknown choice", "Submit for review or withdraw from it.");
    auto state = service::submit_for_review(s, who, req.path_params[0], submitted == "1");
    if (!state) return desk_error(s, &d, state.error());
    return see_other(edit_path(state->slug) + (submitted == "1" ? "?done=submitted" : "?done=withdrawn"));
}

Response preview_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    // The article being edited ("" for a new one): its saved lead media facts stay as saved.
    const std::string slug(field(*form, "article"));
    std::optional<domain::Article> stored;
    if (!slug.empty()) {
        auto a = service::read_article(s, who, slug);
        if (!a) return http::pages::error_html(s, a.error());
        stored = std::move(*a);
    }
    render::DeskArticleForm f = form_of_fields(*form, slug);
    auto draft = draft_of(f, stored ? &*stored : nullptr);
    if (!draft) return http::pages::error_html(s, draft.error());
    draft->base_revision.reset();
    auto article = service::preview_article(s, who, slug, *draft);
    if (!article) return http::pages::error_html(s, article.error());
    return http::pages::draft_preview(s, req, who, *article);
}

namespace {

domain::Result<std::int32_t> version_number(const Request& req) {
    auto n = parse_int(req.path_params[1]);
    if (!n || *n < 1 || *n > 1'000'000'000) return make_error(ErrorCode::kNotFound, "Version not found", "There is no such version.");
    return static_cast<std::int32_t>(*n);
}

render::DeskArticleVersion desk_version(service::ArticleVersion&& v) {
    return render::DeskArticleVersion{v.number, v.saved_at, std::move(v.saved_by), std::move(v.article)};
}

}  // namespace

Response history_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    auto versions = service::article_versions(s, who, req.path_params[0]);
    if (!versions) return desk_error(s, &d, versions.error());
    auto a = service::read_article(s, who, req.path_params[0]);
    if (!a) return desk_error(s, &d, a.error());
    render::DeskArticleHistoryView v;
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    v.article = std::move(*a);
    for (auto& ver : *versions) v.versions.push_back(desk_version(std::move(ver)));
    return desk_html(200, render::desk_article_history_page(v));
}

Response version_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    auto number = version_number(req);
    if (!number) return desk_error(s, &d, number.error());
    auto version = service::article_version(s, who, req.path_params[0], *number);
    if (!version) return desk_error(s, &d, version.error());
    auto a = service::read_article(s, who, req.path_params[0]);
    if (!a) return desk_error(s, &d, a.error());
    render::DeskArticleVersionView v;
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    v.body_diff = domain::diff_lines(version->article.body_markdown, a->body_markdown);
    v.body_html = article_body(s, version->article.body_markdown);
    v.article = std::move(*a);
    v.version = desk_version(std::move(*version));
    return desk_html(200, render::desk_article_version_page(v));
}

Response restore_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    auto number = version_number(req);
    if (!number) return desk_error(s, &d, number.error());
    // The version the editor looked at: a save made since is a conflict, never silently undone.
    auto base = parse_int(field(*form, "base_revision"));
    if (!base || *base < 1 || *base > 1'000'000'000)
        return desk_error(s, &d, 422, "Which version?", "The form does not say which version you were looking at.");
    auto restored = service::restore_article_version(s, who, req.path_params[0], *number, static_cast<std::int32_t>(*base));
    if (!restored) return desk_error(s, &d, restored.error());
    return see_other(edit_path(restored->slug) + "?done=restored");
}

}  // namespace articles
}  // namespace tribune::http::desk
