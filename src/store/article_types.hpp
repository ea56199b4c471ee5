#pragma once
// What the article role of the Store takes and gives besides domain::Article.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/article.hpp"
#include "domain/time.hpp"

namespace tribune::store {

/// Which articles a list holds. Empty strings filter nothing.
struct ArticleQuery {
    /// nullopt: every status (staff lists). Published lists are ordered by publication time,
    /// the others by the last change.
    std::optional<domain::ArticleStatus> status = domain::ArticleStatus::kPublished;
    std::string section;  // a section slug
    std::string tag;      // a tag slug
    std::string author;   // an author slug
    std::string exclude;  // an article slug left out (related articles)
    /// Only articles whose title contains this text (ASCII letters in any case; the desk's
    /// search, staff's lists: no index serves it). "" filters nothing.
    std::string title_contains;
    /// Only articles with a review request (domain::ReviewRequest), each with it set. Staff lists.
    bool for_review = false;
    /// Keyset cursor: only articles ordered after (time, id), where time is the order's column.
    std::optional<std::pair<domain::Time, std::int64_t>> after;
    int limit = 20;  // clamped to 1..200
    /// false: each article without its body (body_markdown empty) and corrections, for lists
    /// that link to articles and show neither (the sitemaps): far less to read.
    bool bodies = true;
};

/// One saved version of an article. `snapshot` is the whole editable article as the service
/// wrote it (the store keeps it as opaque text).
struct ArticleRevision {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    std::int32_t number = 0;
    domain::Time saved_at{};
    std::string saved_by;
    std::string snapshot;
    bool operator==(const ArticleRevision&) const = default;
};

/// An old slug that answers 301 with the article's current path.
struct ArticleRedirect {
    std::string old_slug;
    std::int64_t article_id = 0;
    bool operator==(const ArticleRedirect&) const = default;
};

/// A save: the article as it should be, and the version it records.
struct ArticleSave {
    /// id 0: a new article. Otherwise the article to update, whatever its slug was.
    domain::Article article;
    /// For an update: the revision the editor started from. A save over a newer one is refused
    /// (kConflict) so two editors never overwrite each other unknowingly. nullopt: the current.
    std::optional<std::int32_t> base_revision;
    std::string saved_by;  // who saved it, as the audit log names them (service::Actor::actor_name)
    std::string snapshot;  // the revision's text (see ArticleRevision)
};

/// A full-text search over published articles (ArticleStore::search_articles).
struct SearchQuery {
    /// What the reader typed. The store keeps only its words (domain::bounded_search_words) and
    /// hands them to the engine as plain terms, never as query syntax.
    std::string text;
    std::string section;  // a section slug; "" = every section
    int limit = 20;       // clamped to 1..101
    int offset = 0;       // clamped to 0..domain::search_limits::kMaxDepth
};

/// One search result: the article, a snippet of its text around the matched words (each
/// wrapped in domain::kMarkStart / kMarkEnd), and its rank (higher is better; only the order
/// of one search's ranks means anything).
struct SearchHit {
    domain::Article article;
    std::string snippet;
    double rank = 0;
};

/// Which of an article's live updates a list holds (ArticleStore::live_updates).
struct LiveUpdateQuery {
    std::int64_t article_id = 0;
    /// Keyset cursor: only updates ordered after (pinned, posted_at, id) in the list's order.
    struct After {
        bool pinned = false;
        domain::Time posted_at{};
        std::int64_t id = 0;
    };
    std::optional<After> after;
    int limit = 20;  // clamped to 1..domain::coverage_limits::kMaxUpdatesPage
};

/// An author's public profile.
struct AuthorProfile {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    std::string bio;
    std::string photo_url;
    std::vector<std::string> links;
    std::optional<std::int64_t> user_id;  // the account linked to this profile
    bool has_published = false;           // read only: a published article carries this byline
    bool operator==(const AuthorProfile&) const = default;

    /// Whether readers may see the profile (its page, its feeds, the API): once a published
    /// article carries its byline, or once an editor wrote something in it (a bio, a photo,
    /// links). A profile made by a byline alone (an author's first draft) is nobody's news yet.
    bool visible_to_readers() const { return has_published || !bio.empty() || !photo_url.empty() || !links.empty(); }
};

}  // namespace tribune::store
