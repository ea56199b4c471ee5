#pragma once
// An article's history: every saved version is kept (store::ArticleRevision); editors list
// them, read one as it was, and restore one, which saves its text as a new version (nothing
// is ever lost, the restore itself included).

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/article_types.hpp"

namespace tribune::service {

/// How many versions a history lists at most (newest first).
inline constexpr int kRevisionsListed = 200;

/// One saved version: who saved it and when, and the article as it was then.
struct ArticleVersion {
    std::int32_t number = 0;
    domain::Time saved_at{};
    std::string saved_by;
    domain::Article article;  // as saved: its text, names, status and dates then
};

/// The versions of the article at `slug`, newest first, at most kRevisionsListed.
/// Errors: as authorize(kPublish) (editors and admins); kNotFound.
domain::Result<std::vector<ArticleVersion>> article_versions(Context& ctx, const Actor& actor, std::string_view slug);

/// Version `number` of the article at `slug`. Errors: as article_versions; kNotFound.
domain::Result<ArticleVersion> article_version(Context& ctx, const Actor& actor, std::string_view slug,
                                               std::int32_t number);

/// Saves version `number`'s text (title, summary, body, authors, section, tags, lead media) as
/// the article's newest version; its slug, status and publication time stay as they are now.
/// `base_revision`: the version the editor was looking at (a save in between is a conflict).
/// Errors: as article_version; as update_article.
domain::Result<domain::Article> restore_article_version(Context& ctx, const Actor& actor, std::string_view slug,
                                                        std::int32_t number, std::optional<std::int32_t> base_revision);

}  // namespace tribune::service
