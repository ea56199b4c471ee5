#include "service/articles.hpp"

#include <algorithm>
#include <array>

#include "domain/slug.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;

domain::Error invalid(std::string field, std::string message) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid article", message,
                              {domain::FieldError{std::move(field), message}});
}

// Names to references: slugs made from the names, the first of each slug kept.
domain::Result<std::vector<domain::NamedRef>> refs_of(std::string_view field, const std::vector<std::string>& names,
                                                      std::size_t max) {
    // Bounded before any work: each name costs a transliteration.
    if (names.size() > max)
        return invalid(std::string(field), std::string(field) + " may name at most " + std::to_string(max));
    for (const auto& raw : names)
        if (raw.size() > domain::article_limits::kName)
            return invalid(std::string(field), std::string(field) + ": a name is longer than " +
                                                   std::to_string(domain::article_limits::kName) + " bytes");
    std::vector<domain::NamedRef> out;
    for (const auto& raw : names) {
        const auto first = raw.find_first_not_of(" \t");
        if (first == std::string::npos) continue;
        std::string name = raw.substr(first, raw.find_last_not_of(" \t") - first + 1);
        std::string slug = domain::slugify(name);
        if (slug.empty())
            return invalid(std::string(field), "a name has no letters or digits to make a link of");
        if (std::any_of(out.begin(), out.end(), [&](const auto& r) { return r.slug == slug; })) continue;
        out.push_back({std::move(name), std::move(slug)});
    }
    return out;
}

struct MediaType {
    std::string_view extension;
    std::string_view kind;
    std::string_view mime;
};

// What a URL's extension says, for media named by URL (uploads know their sniffed type).
constexpr std::array kMediaTypes{
    MediaType{".jpg", "image", "image/jpeg"}, MediaType{".jpeg", "image", "image/jpeg"},
    MediaType{".png", "image", "image/png"},  MediaType{".webp", "image", "image/webp"},
    MediaType{".gif", "image", "image/gif"},  MediaType{".mp4", "video", "video/mp4"},
    MediaType{".webm", "video", "video/webm"}, MediaType{".mp3", "audio", "audio/mpeg"},
    MediaType{".m4a", "audio", "audio/mp4"},  MediaType{".ogg", "audio", "audio/ogg"},
};

domain::Result<domain::Media> media_of(const MediaDraft& d) {
    domain::Media m;
    m.url = d.url;
    m.alt = d.alt;
    m.caption = d.caption;
    m.credit = d.credit;
    m.duration_seconds = std::max(d.duration_seconds, 0);
    m.width = std::max(d.width, 0);
    m.height = std::max(d.height, 0);
    std::string path = d.url.substr(0, d.url.find_first_of("?#"));
    std::transform(path.begin(), path.end(), path.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& t : kMediaTypes) {
        if (path.size() >= t.extension.size() && path.ends_with(t.extension)) {
            m.kind = std::string(t.kind);
            m.mime_type = std::string(t.mime);
        }
    }
    if (!d.kind.empty()) m.kind = d.kind;
    if (m.kind.empty())
        return invalid("media", "media is not an image, video or audio file this site knows by its name");
    return m;
}

// Applies the draft's set fields to `a`.
// "\r\n" and a lone "\r" as "\n": a browser's form sends CRLF, a script's LF; versions must not
// differ by line endings alone.
std::string unix_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') out += text[i];
        else if (i + 1 >= text.size() || text[i + 1] != '\n') out += '\n';
    }
    return out;
}

domain::Result<void> apply(domain::Article& a, const ArticleDraft& d, domain::Time now) {
    if (d.title) a.title = *d.title;
    if (d.summary) a.summary = unix_lines(*d.summary);
    if (d.body_markdown) a.body_markdown = unix_lines(*d.body_markdown);
    if (d.slug) a.slug = *d.slug;
    if (d.authors) {
        auto refs = refs_of("authors", *d.authors, domain::article_limits::kMaxAuthors);
        if (!refs) return refs.error();
        a.authors = std::move(*refs);
    }
    if (d.tags) {
        auto refs = refs_of("tags", *d.tags, domain::article_limits::kMaxTags);
        if (!refs) return refs.error();
        a.tags = std::move(*refs);
    }
    if (d.section) {
        auto refs = refs_of("section", {*d.section}, 1);
        if (!refs) return refs.error();
        a.section = refs->empty() ? std::nullopt : std::optional(refs->front());
    }
    if (d.media) {
        a.media.reset();
        if (!d.media->empty()) {
            auto m = media_of(d.media->front());
            if (!m) return m.error();
            a.media = std::move(*m);
        }
    }
    const auto was = a.status;
    if (d.status) {
        auto status = domain::parse_article_status(*d.status);
        if (!status) return invalid("status", "status is draft, scheduled, published or unpublished");
        a.status = *status;
    }
    if (d.published_at) a.published_at = *d.published_at;
    // Going public without a time given: now.
    if (a.status == domain::ArticleStatus::kPublished && was != domain::ArticleStatus::kPublished &&
        !d.published_at)
        a.published_at = now;
    if (a.status == domain::ArticleStatus::kScheduled && a.published_at <= now)
        return invalid("published_at", "a scheduled article needs a published_at in the future");
    if (a.status == domain::ArticleStatus::kPublished && a.published_at > now)
        return invalid("published_at", "published_at is in the future: set status scheduled to publish it then");
    a.updated_at = now;
    // Going public is not a change readers are told about: the version published is the first.
    if (a.status == domain::ArticleStatus::kPublished && was != domain::ArticleStatus::kPublished)
        a.updated_at = a.published_at;
    return {};
}

// What the audit log keeps of an article: which one, where, in what state (the text is in
// its versions).
std::string audit_state(const domain::Article& a) {
    if (a.id == 0) return "null";
    return "{\"slug\":\"" + a.slug + "\",\"status\":\"" + std::string(domain::to_string(a.status)) +
           "\",\"revision\":" + std::to_string(a.revision) + "}";
}

domain::Result<domain::Article> save(Context& ctx, const Actor& actor, domain::Article a,
                                     std::optional<std::int32_t> base_revision, std::string before) {
    if (auto ok = domain::validate_article(a); !ok) return ok.error();
    // The version this save makes (the store refuses it if another got there first).
    a.revision = a.id == 0 ? 1 : a.revision + 1;
    store::ArticleSave save;
    save.article = std::move(a);
    save.base_revision = base_revision;
    save.saved_by = actor.actor_name();
    save.snapshot = article_snapshot(save.article);
    auto stored = ctx.store.save_article(save);
    if (!stored) return stored.error();
    ctx.events.article_changed(*stored);
    const std::string action = before == "null" ? "article.create" : "article.update";
    if (auto ok = record_audit(ctx, actor, action, "article:" + std::to_string(stored->id), std::move(before),
                               audit_state(*stored));
        !ok)
        return ok.error();
    return stored;
}

std::string default_author(const Actor& actor) {
    return actor.viewer.name.empty() ? std::string("Newsroom") : actor.viewer.name;
}

// Who writes: nullopt for an editor (any article), or the byline of an author, who writes only
// drafts that carry it. An author's account gets its profile at its first article (`make`).
using Writer = std::optional<domain::NamedRef>;
domain::Result<Writer> writer_of(Context& ctx, const Actor& actor, bool make) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    if (authorize(actor, Permission::kPublish)) return Writer{};
    if (!actor.viewer.user_id)
        return domain::make_error(ErrorCode::kForbidden, "Editors only", "only the newsroom's editors may do this");
    const std::string name = default_author(actor);
    auto profile = ctx.store.author_for_user(*actor.viewer.user_id, make ? std::string_view(name) : std::string_view(),
                                             domain::slugify(name));
    if (!profile && !make && profile.error().code == ErrorCode::kNotFound) return Writer{domain::NamedRef{name, ""}};
    if (!profile) return profile.error();
    return Writer{domain::NamedRef{profile->name, profile->slug}};
}

bool has_byline(const domain::Article& a, const domain::NamedRef& byline) {
    return !byline.slug.empty() &&
           std::any_of(a.authors.begin(), a.authors.end(), [&](const auto& r) { return r.slug == byline.slug; });
}

domain::Error not_for_authors(std::string message) {
    return domain::make_error(ErrorCode::kForbidden, "Editors only", std::move(message));
}

// What an author's save must be: a draft that still carries their byline (put first if dropped).
domain::Result<void> keep_authors_rules(domain::Article& a, const Writer& writer) {
    if (!writer) return {};
    if (a.status != domain::ArticleStatus::kDraft)
        return not_for_authors("an author's article stays a draft: an editor schedules and publishes it");
    if (!has_byline(a, *writer)) a.authors.insert(a.authors.begin(), *writer);
    return {};
}

}  // namespace

domain::Result<domain::Article> create_article(Context& ctx, const Actor& actor, const ArticleDraft& draft) {
    if (!draft.title) {
        if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
        return invalid("title", "title is required");
    }
    auto writer = writer_of(ctx, actor, true);
    if (!writer) return writer.error();
    const domain::Time now = ctx.clock.now();
    domain::Article a;
    a.created_at = now;
    a.published_at = now;
    a.authors = {*writer ? **writer : domain::NamedRef{default_author(actor), domain::slugify(default_author(actor))}};
    if (*writer) a.status = domain::ArticleStatus::kDraft;
    if (auto ok = apply(a, draft, now); !ok) return ok.error();
    if (auto ok = keep_authors_rules(a, *writer); !ok) return ok.error();
    // A backdated article (an archive, the demo) is as it was when it went public.
    if (a.status == domain::ArticleStatus::kPublished) a.updated_at = std::min(a.updated_at, a.published_at);
    if (!draft.slug) {
        a.slug = domain::slugify(a.title);
        if (a.slug.empty()) a.slug = "article-" + std::to_string(domain::to_micros(now) / 1000000);
    }
    return save(ctx, actor, std::move(a), std::nullopt, "null");
}

domain::Result<domain::Article> update_article(Context& ctx, const Actor& actor, std::string_view slug,
                                               const ArticleDraft& draft) {
    auto writer = writer_of(ctx, actor, true);
    if (!writer) return writer.error();
    auto current = ctx.store.get_article(slug);
    if (!current) return current.error();
    domain::Article a = std::move(*current);
    if (*writer && (a.status != domain::ArticleStatus::kDraft || !has_byline(a, **writer)))
        return not_for_authors("authors edit their own drafts; an editor edits the rest");
    // A save goes over the version checked above, never a later one (an author's draft that an
    // editor published meanwhile would be saved back as a draft): a newer base than the
    // current is refused as an older one is.
    if (draft.base_revision && *draft.base_revision > a.revision)
        return domain::make_error(ErrorCode::kConflict, "Edited meanwhile", "this article has changed since you opened it");
    // Without the editor's own base, the version read here is the base: a save in between is a
    // conflict, never silently undone by this whole-article write.
    const std::int32_t base = draft.base_revision.value_or(a.revision);
    std::string before = audit_state(a);
    if (auto ok = apply(a, draft, ctx.clock.now()); !ok) return ok.error();
    if (auto ok = keep_authors_rules(a, *writer); !ok) return ok.error();
    return save(ctx, actor, std::move(a), base, std::move(before));
}

domain::Result<domain::Article> preview_article(Context& ctx, const Actor& actor, std::string_view slug,
                                                const ArticleDraft& draft) {
    auto writer = writer_of(ctx, actor, false);
    if (!writer) return writer.error();
    const domain::Time now = ctx.clock.now();
    domain::Article a;
    if (slug.empty()) {
        a.created_at = now;
        a.published_at = now;
        a.authors = {*writer ? **writer : domain::NamedRef{default_author(actor), domain::slugify(default_author(actor))}};
        if (*writer) a.status = domain::ArticleStatus::kDraft;
    } else {
        auto current = read_article(ctx, actor, slug);
        if (!current) return current.error();
        a = std::move(*current);
        if (*writer && (a.status != domain::ArticleStatus::kDraft || !has_byline(a, **writer)))
            return not_for_authors("authors edit their own drafts; an editor edits the rest");
    }
    if (auto ok = apply(a, draft, now); !ok) return ok.error();
    // An author's byline may not be linked yet (no profile before the first save): not checked.
    if (*writer && a.status != domain::ArticleStatus::kDraft)
        return not_for_authors("an author's article stays a draft: an editor schedules and publishes it");
    if (a.slug.empty() || (!draft.slug && slug.empty())) a.slug = domain::slugify(a.title);
    if (a.slug.empty()) a.slug = "preview";
    if (auto ok = domain::validate_article(a); !ok) return ok.error();
    return a;
}

domain::Result<domain::Article> publish_article(Context& ctx, const Actor& actor, const ArticleDraft& draft) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    const std::string slug = draft.slug ? *draft.slug : domain::slugify(draft.title.value_or(""));
    if (!slug.empty()) {
        auto existing = ctx.store.get_article(slug);
        if (existing) return update_article(ctx, actor, slug, draft);
        if (existing.error().code != ErrorCode::kNotFound) return existing.error();
    }
    return create_article(ctx, actor, draft);
}

domain::Result<domain::Article> unpublish_article(Context& ctx, const Actor& actor, std::string_view slug) {
    ArticleDraft draft;
    draft.status = std::string(domain::to_string(domain::ArticleStatus::kUnpublished));
    return update_article(ctx, actor, slug, draft);
}

domain::Result<int> publish_due_articles(Context& ctx) {
    Actor scheduler;
    scheduler.viewer.role = domain::Role::kAdmin;
    scheduler.viewer.name = "scheduler";
    scheduler.credentials = true;
    const domain::Time now = ctx.clock.now();
    store::ArticleQuery q;
    q.status = domain::ArticleStatus::kScheduled;
    q.limit = 200;
    int published = 0;
    // Bounded: a newsroom schedules tens, not hundreds of thousands.
    for (int page = 0; page < 50; ++page) {
        auto list = ctx.store.list_articles(q);
        if (!list) return list.error();
        for (const auto& a : *list) {
            if (a.published_at > now) continue;
            ArticleDraft go;
            go.status = std::string(domain::to_string(domain::ArticleStatus::kPublished));
            go.published_at = a.published_at;  // its announced time, not the moment the poll saw it
            go.base_revision = a.revision;
            auto saved = update_article(ctx, scheduler, a.slug, go);
            if (saved) ++published;
            else if (saved.error().code != ErrorCode::kConflict && saved.error().code != ErrorCode::kNotFound)
                return saved.error();
        }
        if (static_cast<int>(list->size()) < q.limit) break;
        q.after = std::pair{list->back().updated_at, list->back().id};
    }
    return published;
}

domain::Result<domain::Article> read_article(Context& ctx, const Actor& actor, std::string_view slug) {
    auto a = ctx.store.get_article(slug);
    if (!a || a->status == domain::ArticleStatus::kPublished) return a;
    if (authorize(actor, Permission::kWrite)) {
        auto writer = writer_of(ctx, actor, false);
        if (!writer) return writer.error();
        if (!*writer || has_byline(*a, **writer)) return a;
    }
    if (a->status == domain::ArticleStatus::kUnpublished)
        return domain::make_error(ErrorCode::kGone, "Article withdrawn", "this article is no longer published");
    return domain::make_error(ErrorCode::kNotFound, "Article not found", "there is no such article");
}

domain::Result<std::vector<domain::Article>> list_articles(Context& ctx, const Actor& actor,
                                                           store::ArticleQuery query) {
    if (query.status != domain::ArticleStatus::kPublished) {
        auto writer = writer_of(ctx, actor, false);
        if (!writer) return writer.error();
        // An author sees only their own beyond what is published.
        if (*writer) {
            if ((*writer)->slug.empty()) return std::vector<domain::Article>{};
            query.author = (*writer)->slug;
        }
    }
    return ctx.store.list_articles(query);
}

}  // namespace tribune::service
