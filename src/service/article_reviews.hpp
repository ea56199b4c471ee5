#pragma once
// Review requests: an author hands a draft to the editors ("submit for review") or takes it
// back, and the editors see what waits for them. The request is workflow state beside the
// article (domain::ReviewRequest), not a saved version; an editor's save that takes the article
// out of draft ends it (the store clears it in the same transaction).

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

/// An article's review state as the desk and the API show it.
struct ReviewState {
    std::string slug;
    std::optional<domain::ReviewRequest> request;  // nullopt: not submitted
};

/// Submits the draft at `slug` for review (`submit`) or withdraws it (!submit): an author their
/// own draft (one whose byline carries their profile, as update_article allows), an editor any
/// draft. Submitting a submitted draft keeps its first request, and withdrawing one that waits
/// for nothing changes nothing; a change is audited ("article.submit" / "article.withdraw", with
/// the request before and after). Errors: as authorize(kWrite); kNotFound; kForbidden for an
/// author's other articles; kConflict for an article that is not a draft.
domain::Result<ReviewState> submit_for_review(Context& ctx, const Actor& actor, std::string_view slug, bool submit);

/// The review state of the article at `slug`, for the desk's editor and the API: the newsroom
/// only (authors for the articles they may read as read_article allows: their own drafts).
/// Errors: as authorize(kWrite); as read_article.
domain::Result<ReviewState> review_request(Context& ctx, const Actor& actor, std::string_view slug);

/// The review queue: what list_articles gives for `query` with query.for_review set, each article
/// with its `review` set (newest change first). Editors see every request; an author their own.
/// `query.status` nullopt (every status) is what a queue usually asks. Errors: as authorize(kWrite);
/// the store's.
domain::Result<std::vector<domain::Article>> list_review_queue(Context& ctx, const Actor& actor,
                                                               store::ArticleQuery query);

}  // namespace tribune::service
