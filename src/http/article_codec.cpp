#include "http/article_codec.hpp"

#include <algorithm>
#include <array>

#include "http/json_internal.hpp"

namespace tribune::http {
namespace json = boost::json;

namespace {

json::object article_json(const domain::Article& a, const ArticleComments& comments) {
    json::object o = service::article_object(a);
    o["comments"] = json::object{{"page", a.page_key()}, {"total", comments.total}, {"closed", comments.closed}};
    o["live"] = a.live;
    json::array corrections;
    for (const auto& c : a.corrections)
        corrections.emplace_back(json::object{{"at", domain::format_rfc3339(c.at)}, {"text", c.text}});
    o["corrections"] = std::move(corrections);
    // Set only in the newsroom's review queue (GET /api/v1/articles?for_review=1).
    if (a.review)
        o["review"] = json::object{{"requested_at", domain::format_rfc3339(a.review->requested_at)},
                                   {"requested_by", a.review->requested_by}};
    return o;
}

domain::Result<std::optional<std::string>> optional_string(const json::object& o, std::string_view field) {
    const auto* v = o.if_contains(field);
    if (!v || v->is_null()) return std::optional<std::string>{};
    if (!v->is_string()) return wrong_type(std::string(field), "a string");
    return std::optional<std::string>{std::string(v->as_string())};
}

domain::Result<std::optional<std::vector<std::string>>> optional_names(const json::object& o, std::string_view field) {
    const auto* v = o.if_contains(field);
    if (!v || v->is_null()) return std::optional<std::vector<std::string>>{};
    if (!v->is_array()) return wrong_type(std::string(field), "a list of names");
    if (v->as_array().size() > 100) return wrong_type(std::string(field), "a list of at most 100 names");
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) return wrong_type(std::string(field), "a list of names");
        out.emplace_back(item.as_string());
    }
    return std::optional<std::vector<std::string>>{std::move(out)};
}

domain::Result<std::vector<service::MediaDraft>> media_list(const json::value& v) {
    if (!v.is_array()) return wrong_type("media", "a list of media items");
    if (v.as_array().size() > 20) return wrong_type("media", "a list of at most 20 media items");
    std::vector<service::MediaDraft> out;
    for (const auto& item : v.as_array()) {
        if (!item.is_object()) return wrong_type("media", "a list of media items");
        const auto& m = item.as_object();
        service::MediaDraft d;
        for (auto [field, target] : {std::pair<std::string_view, std::string*>{"url", &d.url},
                                     {"alt", &d.alt},
                                     {"caption", &d.caption},
                                     {"credit", &d.credit},
                                     {"kind", &d.kind}}) {
            auto s = optional_string(m, field);
            if (!s) return s.error();
            if (*s) *target = std::move(**s);
        }
        for (auto [field, target] : {std::pair<std::string_view, std::int32_t*>{"duration_seconds", &d.duration_seconds},
                                     {"width", &d.width},
                                     {"height", &d.height}}) {
            const auto* n = m.if_contains(field);
            if (!n || n->is_null()) continue;
            if (!n->is_int64() || n->as_int64() < 0 || n->as_int64() > 1'000'000)
                return wrong_type("media." + std::string(field), "a whole number from 0 to 1000000");
            *target = static_cast<std::int32_t>(n->as_int64());
        }
        if (d.url.empty()) return wrong_type("media.url", "a URL");
        out.push_back(std::move(d));
    }
    return out;
}

constexpr std::array kDraftFields{"title",  "slug",         "summary", "body_markdown", "authors",      "section",
                                  "tags",   "status",       "published_at", "media",    "base_revision"};

// Refuses an object with a field not in `known`, so a misspelt one is never silently dropped.
template <std::size_t N>
domain::Result<void> only_fields(const json::object& obj, const std::array<const char*, N>& known, const char* what) {
    for (const auto& [key, value] : obj) {
        bool found = false;
        for (const char* f : known) found = found || key == f;
        if (found) continue;
        // Named back only when it is short and plain, so the answer stays valid UTF-8 and small.
        const bool plain = key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
        const std::string name = plain ? std::string(key) : std::string("(unnamed)");
        return domain::make_error(domain::ErrorCode::kInvalid, "Unknown field", "unknown field " + name,
                                  {domain::FieldError{name, what}});
    }
    return {};
}

constexpr std::array kAuthorFields{"name", "bio", "photo_url", "links", "user_id"};

json::object author_json(const store::AuthorProfile& p, bool with_account) {
    json::array links;
    for (const auto& l : p.links) links.emplace_back(l);
    json::object o{{"slug", p.slug}, {"name", p.name}, {"path", "/authors/" + p.slug},
                   {"bio", p.bio}, {"photo_url", p.photo_url}, {"links", std::move(links)}};
    if (with_account) o["user_id"] = p.user_id ? json::value(*p.user_id) : json::value(nullptr);
    return o;
}

}  // namespace

std::string encode_author(const store::AuthorProfile& p, bool with_account) {
    return json::serialize(author_json(p, with_account));
}

std::string encode_author_list(const std::vector<store::AuthorProfile>& authors, bool with_account,
                               const std::optional<std::string>& next_cursor) {
    json::array list;
    for (const auto& p : authors) list.emplace_back(author_json(p, with_account));
    json::object o{{"authors", std::move(list)}};
    if (next_cursor) o["next_cursor"] = *next_cursor;
    return json::serialize(o);
}

domain::Result<service::AuthorProfileDraft> decode_author_draft(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    if (auto ok = only_fields(*obj, kAuthorFields, "not a field of an author profile"); !ok) return ok.error();
    service::AuthorProfileDraft d;
    for (auto [field, target] : {std::pair<std::string_view, std::optional<std::string>*>{"name", &d.name},
                                 {"bio", &d.bio},
                                 {"photo_url", &d.photo_url}}) {
        auto s = optional_string(*obj, field);
        if (!s) return s.error();
        *target = std::move(*s);
    }
    auto links = optional_names(*obj, "links");
    if (!links) return links.error();
    d.links = std::move(*links);
    if (const auto* u = obj->if_contains("user_id")) {
        if (u->is_null()) d.user_id = std::optional<std::int64_t>{};
        else if (u->is_int64() && u->as_int64() > 0) d.user_id = std::optional<std::int64_t>{u->as_int64()};
        else return wrong_type("user_id", "an account id or null");
    }
    return d;
}

domain::Result<int> decode_preview_days(std::string_view body, int default_days) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return default_days;
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    constexpr std::array kFields{"days"};
    if (auto ok = only_fields(*obj, kFields, "not a field of a preview link"); !ok) return ok.error();
    const auto* d = obj->if_contains("days");
    if (!d || d->is_null()) return default_days;
    if (!d->is_int64()) return wrong_type("days", "a whole number of days");
    const auto days = d->as_int64();
    if (days < 1 || days > 30) return wrong_type("days", "a whole number from 1 to 30");
    return static_cast<int>(days);
}

std::string encode_preview_link(const std::string& url, const std::string& path, domain::Time expires_at) {
    return json::serialize(json::object{{"url", url}, {"path", path}, {"expires_at", domain::format_rfc3339(expires_at)}});
}

std::string encode_article_versions(const std::vector<service::ArticleVersion>& versions) {
    json::array list;
    list.reserve(versions.size());
    for (const auto& v : versions)
        list.emplace_back(json::object{{"number", v.number},
                                       {"saved_at", domain::format_rfc3339(v.saved_at)},
                                       {"saved_by", v.saved_by},
                                       {"title", v.article.title},
                                       {"status", std::string(domain::to_string(v.article.status))}});
    return json::serialize(json::object{{"revisions", std::move(list)}});
}

std::string encode_article_version(const service::ArticleVersion& v) {
    json::object article = service::article_object(v.article);
    article.erase("path");
    return json::serialize(json::object{{"number", v.number},
                                        {"saved_at", domain::format_rfc3339(v.saved_at)},
                                        {"saved_by", v.saved_by},
                                        {"article", std::move(article)}});
}

domain::Result<std::optional<std::int32_t>> decode_restore(std::string_view body) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::optional<std::int32_t>{};
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    constexpr std::array kFields{"base_revision"};
    if (auto ok = only_fields(*obj, kFields, "not a field of a restore"); !ok) return ok.error();
    const auto* r = obj->if_contains("base_revision");
    if (!r || r->is_null()) return std::optional<std::int32_t>{};
    if (!r->is_int64() || r->as_int64() < 1 || r->as_int64() > 1'000'000'000)
        return wrong_type("base_revision", "a revision number");
    return std::optional<std::int32_t>{static_cast<std::int32_t>(r->as_int64())};
}

std::string encode_article(const domain::Article& a, std::string_view body_html, const ArticleComments& comments) {
    json::object o = article_json(a, comments);
    o["body_html"] = body_html;
    return json::serialize(o);
}

std::string encode_article_list(const std::vector<domain::Article>& articles,
                                const std::vector<ArticleComments>& comments,
                                const std::optional<std::string>& next_cursor) {
    json::array list;
    list.reserve(articles.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
        json::object o = article_json(articles[i], i < comments.size() ? comments[i] : ArticleComments{});
        o.erase("body_markdown");
        list.emplace_back(std::move(o));
    }
    json::object out{{"articles", std::move(list)}};
    if (next_cursor) out["next_cursor"] = *next_cursor;
    return json::serialize(out);
}

std::string encode_search_results(const std::vector<domain::Article>& articles,
                                  const std::vector<ArticleComments>& comments,
                                  const std::vector<std::string>& snippets_html,
                                  const std::optional<std::string>& next_cursor) {
    json::array list;
    list.reserve(articles.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
        json::object o = article_json(articles[i], i < comments.size() ? comments[i] : ArticleComments{});
        o.erase("body_markdown");
        o["snippet_html"] = i < snippets_html.size() ? snippets_html[i] : std::string();
        list.emplace_back(std::move(o));
    }
    json::object out{{"articles", std::move(list)}};
    if (next_cursor) out["next_cursor"] = *next_cursor;
    return json::serialize(out);
}

domain::Result<service::ArticleDraft> decode_article_draft(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    if (auto ok = only_fields(*obj, kDraftFields, "not a field of an article"); !ok) return ok.error();
    service::ArticleDraft d;
    for (auto [field, target] : {std::pair<std::string_view, std::optional<std::string>*>{"title", &d.title},
                                 {"slug", &d.slug},
                                 {"summary", &d.summary},
                                 {"body_markdown", &d.body_markdown},
                                 {"section", &d.section},
                                 {"status", &d.status}}) {
        auto s = optional_string(*obj, field);
        if (!s) return s.error();
        *target = std::move(*s);
    }
    for (auto [field, target] : {std::pair<std::string_view, std::optional<std::vector<std::string>>*>{
                                     "authors", &d.authors},
                                 {"tags", &d.tags}}) {
        auto names = optional_names(*obj, field);
        if (!names) return names.error();
        *target = std::move(*names);
    }
    if (auto at = optional_string(*obj, "published_at"); !at) {
        return at.error();
    } else if (*at) {
        auto t = domain::parse_rfc3339(**at);
        if (!t) return wrong_type("published_at", "an RFC 3339 time with its offset");
        d.published_at = *t;
    }
    if (const auto* m = obj->if_contains("media"); m && !m->is_null()) {
        auto media = media_list(*m);
        if (!media) return media.error();
        d.media = std::move(*media);
    }
    if (const auto* r = obj->if_contains("base_revision"); r && !r->is_null()) {
        if (!r->is_int64() || r->as_int64() < 1 || r->as_int64() > 1'000'000'000)
            return wrong_type("base_revision", "a revision number");
        d.base_revision = static_cast<std::int32_t>(r->as_int64());
    }
    return d;
}

}  // namespace tribune::http
