// The newsroom at the desk: the list of articles and the article editor, as plain forms (PRG)
// over the same use cases as the API (service/articles.hpp): editors see and change every
// article, authors their own drafts. The guard admits the newsroom's writers (Caller::kWriter).
#include "http/handlers/handlers.hpp"

#include <algorithm>

#include "domain/cursor.hpp"
#include "domain/time.hpp"
#include "http/handlers/desk_support.hpp"
#include "http/problem.hpp"
#include "render/desk_pages.hpp"
#include "service/articles.hpp"
#include "service/authorize.hpp"

namespace tribune::http::desk {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr int kArticlesPerPage = 50;
constexpr std::size_t kMaxNames = 100;

bool may_publish(const Identity& who) { return static_cast<bool>(service::authorize(who, service::Permission::kPublish)); }

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

// "2026-01-15T12:00:00Z" -> "2026-01-15T12:00", what a datetime-local input shows (in UTC).
std::string local_input(domain::Time t) { return domain::format_rfc3339(t).substr(0, 16); }

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
    f.published_at = local_input(a.published_at);
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
    return f;
}

// The form as the use case's draft. `stored`: the article being edited (its lead media keeps
// what an upload measured while its URL stays).
domain::Result<service::ArticleDraft> draft_of(const render::DeskArticleForm& f, const domain::Article* stored) {
    service::ArticleDraft d;
    d.title = f.title;
    if (!f.new_slug.empty()) d.slug = f.new_slug;
    d.summary = f.summary;
    d.body_markdown = f.body_markdown;
    if (auto names = names_of(f.authors); !names.empty()) d.authors = std::move(names);
    d.section = f.section;
    d.tags = names_of(f.tags);
    if (!f.status.empty()) d.status = f.status;
    if (!f.published_at.empty()) {
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
                int status, std::string error) {
    render::DeskArticleEditView v;
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    v.is_new = !stored;
    v.may_publish = may_publish(d.who);
    v.form = std::move(form);
    v.stored = std::move(stored);
    v.error = std::move(error);
    (void)s;
    return desk_html(status, render::desk_article_edit_page(v));
}

std::string edit_path(std::string_view slug) { return "/admin/articles/" + std::string(slug); }

}  // namespace

namespace articles {

Response list_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    render::DeskArticlesView v;
    store::ArticleQuery q;
    q.status.reset();
    q.limit = kArticlesPerPage + 1;
    if (auto status = req.query_param("status"); status && !status->empty()) {
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
    if (auto cursor = req.query_param("cursor")) {
        auto c = domain::decode_article_cursor(*cursor);
        if (!c) return desk_error(s, &d, c.error());
        q.after = std::pair{c->time, c->id};
    }
    auto list = service::list_articles(s, who, q);
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
    if (req.query_param("done").value_or("") == "saved") d.frame.notices.push_back(render::DeskNotice{true, "Saved."});
    return editor(s, d, form_of_article(*a), *a, 200, "");
}

Response create_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    render::DeskArticleForm f = form_of_fields(*form, "");
    f.base_revision.clear();
    auto draft = draft_of(f, nullptr);
    if (!draft) return editor(s, d, std::move(f), std::nullopt, status_of(draft.error().code), message_of(draft.error()));
    auto made = service::create_article(s, who, *draft);
    if (!made) return editor(s, d, std::move(f), std::nullopt, status_of(made.error().code), message_of(made.error()));
    return see_other(edit_path(made->slug) + "?done=saved");
}

Response save_post(Services& s, Request& req, const Identity& who) {
    auto form = form_of(req);
    if (!form) return desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
    Desk d = open_desk(s, req, who);
    auto stored = service::read_article(s, who, req.path_params[0]);
    if (!stored) return desk_error(s, &d, stored.error());
    render::DeskArticleForm f = form_of_fields(*form, stored->slug);
    auto draft = draft_of(f, &*stored);
    if (!draft) return editor(s, d, std::move(f), *stored, status_of(draft.error().code), message_of(draft.error()));
    auto saved = service::update_article(s, who, stored->slug, *draft);
    if (!saved) return editor(s, d, std::move(f), *stored, status_of(saved.error().code), message_of(saved.error()));
    return see_other(edit_path(saved->slug) + "?done=saved");
}

}  // namespace articles
}  // namespace tribune::http::desk
