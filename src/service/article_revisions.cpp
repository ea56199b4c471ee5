#include "service/article_revisions.hpp"

#include "service/articles.hpp"
#include "service/authorize.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
namespace {

domain::Result<ArticleVersion> version_of(const store::ArticleRevision& r) {
    auto article = article_from_snapshot(r.snapshot);
    if (!article)
        return domain::make_error(domain::ErrorCode::kInternal, "Unreadable version",
                                  "version " + std::to_string(r.number) + " of this article could not be read");
    return ArticleVersion{r.number, r.saved_at, r.saved_by, std::move(*article)};
}

std::vector<std::string> names_of(const std::vector<domain::NamedRef>& refs) {
    std::vector<std::string> out;
    out.reserve(refs.size());
    for (const auto& r : refs) out.push_back(r.name);
    return out;
}

// The article at `slug` for an editor (any status).
domain::Result<domain::Article> article_for_editor(Context& ctx, const Actor& actor, std::string_view slug) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    return ctx.store.get_article(slug);
}

}  // namespace

domain::Result<std::vector<ArticleVersion>> article_versions(Context& ctx, const Actor& actor, std::string_view slug) {
    auto a = article_for_editor(ctx, actor, slug);
    if (!a) return a.error();
    auto revisions = ctx.store.article_revisions(a->id, kRevisionsListed);
    if (!revisions) return revisions.error();
    std::vector<ArticleVersion> out;
    out.reserve(revisions->size());
    for (const auto& r : *revisions) {
        auto v = version_of(r);
        // One unreadable version does not hide the others: it is listed by number and time.
        if (!v) v = ArticleVersion{r.number, r.saved_at, r.saved_by, domain::Article{}};
        out.push_back(std::move(*v));
    }
    return out;
}

domain::Result<ArticleVersion> article_version(Context& ctx, const Actor& actor, std::string_view slug,
                                               std::int32_t number) {
    auto a = article_for_editor(ctx, actor, slug);
    if (!a) return a.error();
    auto r = ctx.store.article_revision(a->id, number);
    if (!r) return r.error();
    return version_of(*r);
}

domain::Result<domain::Article> restore_article_version(Context& ctx, const Actor& actor, std::string_view slug,
                                                        std::int32_t number, std::optional<std::int32_t> base_revision) {
    auto v = article_version(ctx, actor, slug, number);
    if (!v) return v.error();
    const domain::Article& old = v->article;
    ArticleDraft draft;
    draft.title = old.title;
    draft.summary = old.summary;
    draft.body_markdown = old.body_markdown;
    draft.authors = names_of(old.authors);
    draft.section = old.section ? old.section->name : std::string();
    draft.tags = names_of(old.tags);
    std::vector<MediaDraft> media;
    if (old.media)
        media.push_back(MediaDraft{old.media->url, old.media->alt, old.media->caption, old.media->credit,
                                   old.media->kind, old.media->duration_seconds, old.media->width, old.media->height});
    draft.media = std::move(media);
    draft.base_revision = base_revision;
    return update_article(ctx, actor, slug, draft);
}

}  // namespace tribune::service
