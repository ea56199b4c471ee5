#include "service/article_lists.hpp"

#include <algorithm>
#include <unordered_set>

namespace tribune::service {
namespace {

// Only the first tags are asked about: one query each, and the first are the ones that matter.
constexpr std::size_t kTagsAsked = 3;

bool has_author(const domain::Article& a, const std::string& slug) {
    return std::any_of(a.authors.begin(), a.authors.end(), [&](const domain::NamedRef& r) { return r.slug == slug; });
}

}  // namespace

domain::Result<RelatedArticles> related_articles(Context& ctx, const domain::Article& article, int limit) {
    limit = std::clamp(limit, 1, 20);
    RelatedArticles out;
    const std::string lead = article.authors.empty() ? std::string() : article.authors.front().slug;
    store::ArticleQuery q;
    q.exclude = article.slug;
    q.limit = limit;
    q.bodies = false;  // linked by title and byline only
    if (!lead.empty()) {
        q.author = lead;
        auto mine = ctx.store.list_articles(q);
        if (!mine) return mine.error();
        out.by_author = std::move(*mine);
        q.author.clear();
    }
    std::unordered_set<std::int64_t> seen;
    for (std::size_t i = 0; i < article.tags.size() && i < kTagsAsked; ++i) {
        q.tag = article.tags[i].slug;
        auto tagged = ctx.store.list_articles(q);
        if (!tagged) return tagged.error();
        for (auto& a : *tagged) {
            if (static_cast<int>(out.on_topic.size()) == limit) return out;
            if ((!lead.empty() && has_author(a, lead)) || !seen.insert(a.id).second) continue;
            out.on_topic.push_back(std::move(a));
        }
    }
    return out;
}

}  // namespace tribune::service
