#include "service/article_reviews.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "service/articles.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
namespace json = boost::json;

// What the audit log keeps of a request: "null" or when and by whom.
std::string review_audit_state(const std::optional<domain::ReviewRequest>& r) {
    if (!r) return "null";
    return json::serialize(json::object{{"requested_at", domain::format_rfc3339(r->requested_at)},
                                        {"requested_by", r->requested_by}});
}

// An author may hand over only a draft that carries their byline: the same rule as
// update_article (their account's author profile, by slug). Editors hand over any draft.
domain::Result<void> may_hand_over(Context& ctx, const Actor& actor, const domain::Article& a) {
    if (authorize(actor, Permission::kPublish)) return {};
    auto forbidden = [] {
        return domain::make_error(ErrorCode::kForbidden, "Editors only",
                                  "authors submit their own drafts; an editor submits the rest");
    };
    if (!actor.viewer.user_id) return forbidden();
    auto profile = ctx.store.author_for_user(*actor.viewer.user_id, "", "");
    if (!profile) return profile.error().code == ErrorCode::kNotFound ? forbidden() : profile.error();
    const bool byline = std::any_of(a.authors.begin(), a.authors.end(),
                                    [&](const domain::NamedRef& r) { return r.slug == profile->slug; });
    if (!byline) return forbidden();
    return {};
}

domain::Error draft_only_for_review() {
    return domain::make_error(ErrorCode::kConflict, "Not a draft",
                              "only a draft is submitted for review: this article is already with the editors");
}

}  // namespace

domain::Result<ReviewState> submit_for_review(Context& ctx, const Actor& actor, std::string_view slug, bool submit) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    auto a = ctx.store.get_article(slug);
    if (!a) return a.error();
    if (auto ok = may_hand_over(ctx, actor, *a); !ok) return ok.error();
    if (a->status != domain::ArticleStatus::kDraft) return draft_only_for_review();
    auto before = ctx.store.review_request(a->id);
    if (!before) return before.error();
    ReviewState state{a->slug, *before};
    if (submit == before->has_value()) return state;  // already as asked: nothing to record
    if (submit) state.request = domain::ReviewRequest{ctx.clock.now(), actor.actor_name()};
    else state.request.reset();
    if (auto ok = ctx.store.set_review_request(a->id, state.request); !ok) return ok.error();
    if (auto ok = record_audit(ctx, actor, submit ? "article.submit" : "article.withdraw",
                               "article:" + std::to_string(a->id), review_audit_state(*before),
                               review_audit_state(state.request));
        !ok)
        return ok.error();
    return state;
}

domain::Result<ReviewState> review_request(Context& ctx, const Actor& actor, std::string_view slug) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    auto a = read_article(ctx, actor, slug);
    if (!a) return a.error();
    auto request = ctx.store.review_request(a->id);
    if (!request) return request.error();
    return ReviewState{a->slug, std::move(*request)};
}

domain::Result<std::vector<domain::Article>> list_review_queue(Context& ctx, const Actor& actor,
                                                               store::ArticleQuery query) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    query.for_review = true;
    return list_articles(ctx, actor, std::move(query));
}

}  // namespace tribune::service
