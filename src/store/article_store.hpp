#pragma once
// The article role of the Store: the publication's articles, their authors, sections, tags,
// old slugs and saved versions. Every call blocks.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "domain/live_update.hpp"
#include "store/article_types.hpp"

namespace tribune::store {

using domain::Result;

class ArticleStore {
public:
    virtual ~ArticleStore() = default;

    /// Inserts (id 0) or updates an article in one transaction: authors, section and tags are
    /// found by slug or created with the given name; a changed slug leaves the old one as a
    /// redirect (and a slug taken back stops redirecting); the revision number goes up by one
    /// and the version is kept. The discussion's page key is fixed at creation (page_key(), or
    /// the article's given `page` when set), so its comments stay with it when the slug changes.
    /// Returns the stored article. Errors: kConflict for a slug another article holds or a
    /// base_revision that is no longer the latest; kNotFound for an update of no article.
    virtual Result<domain::Article> save_article(const ArticleSave& save) = 0;

    /// The article with `slug`, in any status. Errors: kNotFound.
    virtual Result<domain::Article> get_article(std::string_view slug) = 0;

    /// The article whose discussion has page key `page`. Errors: kNotFound.
    virtual Result<domain::Article> article_for_page(std::string_view page) = 0;

    /// The current slug of the article that was once at `old_slug`; nullopt when none was.
    virtual Result<std::optional<std::string>> article_redirect(std::string_view old_slug) = 0;

    /// Articles matching `query`, in its order.
    virtual Result<std::vector<domain::Article>> list_articles(const ArticleQuery& query) = 0;

    /// Published articles matching every word of `query.text` (English stemming: "running"
    /// finds "runs"), best first: title matches above summary matches above body matches, ties
    /// newest first, then by id. Nothing for a text without words. Uses the engine's full-text
    /// index (SQLite FTS5, PostgreSQL tsvector with GIN).
    virtual Result<std::vector<SearchHit>> search_articles(const SearchQuery& query) = 0;

    /// An article's saved versions, newest first, at most `limit` (1..500).
    virtual Result<std::vector<ArticleRevision>> article_revisions(std::int64_t article_id, int limit) = 0;

    /// One saved version. Errors: kNotFound.
    virtual Result<ArticleRevision> article_revision(std::int64_t article_id, std::int32_t number) = 0;

    /// The author with `slug`. Errors: kNotFound.
    virtual Result<AuthorProfile> get_author(std::string_view slug) = 0;

    /// The section / tag with `slug`, as articles name it. Errors: kNotFound.
    virtual Result<domain::NamedRef> get_section(std::string_view slug) = 0;
    virtual Result<domain::NamedRef> get_tag(std::string_view slug) = 0;

    /// The author profile linked to account `user_id`; when it has none, a new profile named
    /// `name` (slug `slug`, or a numbered one when taken: never someone else's) linked to it.
    /// With `name` empty it only looks: kNotFound when the account has no profile.
    virtual Result<AuthorProfile> author_for_user(std::int64_t user_id, std::string_view name, std::string_view slug) = 0;

    /// Updates the profile with `profile.slug`: name, bio, photo, links and linked account.
    /// Errors: kNotFound; kConflict when the account is linked to another profile.
    virtual Result<AuthorProfile> save_author(const AuthorProfile& profile) = 0;

    /// Profiles in slug order after `after_slug` ("" from the start), at most `limit` (1..200).
    virtual Result<std::vector<AuthorProfile>> list_authors(std::string_view after_slug, int limit) = 0;

    // Live coverage and corrections (domain/live_update.hpp), in store/common/coverage_steps.cpp.

    /// Turns the article's live coverage on or off (no new revision). Errors: kNotFound.
    virtual Result<void> set_article_live(std::int64_t article_id, bool live) = 0;

    /// Appends a correction note (they are never changed or removed) and moves the article's
    /// updated_at to its time when that is later. Returns it with its id. Errors: kNotFound;
    /// kConflict past coverage_limits::kMaxCorrections.
    virtual Result<domain::Correction> add_correction(std::int64_t article_id, const domain::Correction& correction) = 0;

    /// Stores a new update of article `update.article_id`; returns it with its id. Errors: kNotFound.
    virtual Result<domain::LiveUpdate> add_live_update(const domain::LiveUpdate& update) = 0;

    /// One update of one article. Errors: kNotFound.
    virtual Result<domain::LiveUpdate> get_live_update(std::int64_t article_id, std::int64_t id) = 0;

    /// Replaces the body, pin and edited_at of update `update.id` of article `update.article_id`
    /// (posted_at and posted_by stay). Returns the stored update. Errors: kNotFound.
    virtual Result<domain::LiveUpdate> edit_live_update(const domain::LiveUpdate& update) = 0;

    /// Deletes one update. Errors: kNotFound.
    virtual Result<void> delete_live_update(std::int64_t article_id, std::int64_t id) = 0;

    /// An article's updates: pinned first, then newest first (ties by id), after the cursor.
    virtual Result<std::vector<domain::LiveUpdate>> live_updates(const LiveUpdateQuery& query) = 0;

    // Review requests (domain::ReviewRequest), in store/common/review_steps.cpp. save_article
    // clears an article's request when it saves it in any status but draft.

    /// Sets the article's review request (replacing one it had), or clears it (nullopt; clearing
    /// none is no error). No new revision. Errors: kNotFound; kConflict when setting one on an
    /// article that is not a draft (so no article out of draft holds a request).
    virtual Result<void> set_review_request(std::int64_t article_id,
                                            const std::optional<domain::ReviewRequest>& request) = 0;

    /// The article's review request; nullopt when it has none (or there is no such article).
    virtual Result<std::optional<domain::ReviewRequest>> review_request(std::int64_t article_id) = 0;
};

}  // namespace tribune::store
