#pragma once
// Articles as the newsroom writes them and readers find them: create, update (by the API, the
// desk or a Markdown file from the command line), unpublish, and read with the visibility
// rules (readers see published articles only; editors see every status).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/article_types.hpp"

namespace tribune::service {

/// A lead media item as an editor names it. kind and mime type follow from the URL's extension
/// when not given.
struct MediaDraft {
    std::string url;
    std::string alt;
    std::string caption;
    std::string credit;
    std::string kind;  // "" = from the URL
    std::int32_t duration_seconds = 0;
    std::int32_t width = 0;
    std::int32_t height = 0;
};

/// What an editor sends. On create every unset field takes its default (slug from the title,
/// status published, published_at now, authors the editor's name); on update an unset field
/// keeps its value.
struct ArticleDraft {
    std::optional<std::string> title;
    std::optional<std::string> slug;
    std::optional<std::string> summary;
    std::optional<std::string> body_markdown;
    std::optional<std::vector<std::string>> authors;  // names
    std::optional<std::string> section;               // a name; "" = none
    std::optional<std::vector<std::string>> tags;     // names
    std::optional<std::string> status;                // draft | scheduled | published | unpublished
    std::optional<domain::Time> published_at;
    std::optional<std::vector<MediaDraft>> media;  // the first is the lead item; empty = none
    std::optional<std::int32_t> base_revision;    // the version the editor started from
};

/// Creates an article. Editors write anything; an author (Permission::kWrite without kPublish)
/// writes drafts under their own byline (their account's author profile, made at their first
/// article). Errors: as authorize(kWrite); kForbidden for an author's non-draft; kInvalid
/// (fields); kConflict for a taken slug; the store's.
domain::Result<domain::Article> create_article(Context& ctx, const Actor& actor, const ArticleDraft& draft);

/// Updates the article at `slug`: an editor any, an author only a draft carrying their byline.
/// Errors: as create_article; kNotFound; kConflict when base_revision is not the latest.
domain::Result<domain::Article> update_article(Context& ctx, const Actor& actor, std::string_view slug,
                                               const ArticleDraft& draft);

/// Creates the article or, when one has the draft's slug (given, or made from the title),
/// updates it: what `tribune article publish FILE.md` does, so a file published again updates.
domain::Result<domain::Article> publish_article(Context& ctx, const Actor& actor, const ArticleDraft& draft);

/// The article `draft` would make, not saved: the article at `slug` with the draft applied, or a
/// new one when `slug` is empty, under the same rules as a save (what an author may set, the
/// fields' bounds). For the desk's preview. Errors: as create_article / update_article.
domain::Result<domain::Article> preview_article(Context& ctx, const Actor& actor, std::string_view slug,
                                                const ArticleDraft& draft);

/// Takes the article at `slug` off the site: it answers 410 to readers from now on.
domain::Result<domain::Article> unpublish_article(Context& ctx, const Actor& actor, std::string_view slug);

/// Publishes every scheduled article whose time has come, as the scheduler (saved_by
/// "scheduler"). Each is saved over the version read, so with several nodes polling, exactly one
/// publishes it and the others get a conflict they skip. Returns how many this call published.
/// Errors: the store's (what was published before the error stays published).
domain::Result<int> publish_due_articles(Context& ctx);

/// The article at `slug` as `actor` may see it: published ones for everyone, any status for
/// editors, their own for authors. Errors: kNotFound (also for a draft a reader asks for); kGone for an unpublished one.
domain::Result<domain::Article> read_article(Context& ctx, const Actor& actor, std::string_view slug);

/// Articles for a list. Readers always get published ones; editors may ask for any status
/// (query.status nullopt: all); authors get only their own beyond the published ones.
/// Errors: kForbidden for a reader asking for other statuses.
domain::Result<std::vector<domain::Article>> list_articles(Context& ctx, const Actor& actor,
                                                           store::ArticleQuery query);

}  // namespace tribune::service
