#pragma once
// Search over the publication: readers (and everyone else) find published articles by their
// words, ranked, a page at a time. Drafts, scheduled and unpublished articles are never found.

#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/article_types.hpp"

namespace tribune::service {

/// A search as a reader asks it.
struct SearchRequest {
    std::string q;        // what they typed (bounded by domain::search_limits)
    std::string section;  // a section slug; "" = all
    int limit = 20;       // 1..100
    int offset = 0;       // results to skip (from a search cursor): 0..domain::search_limits::kMaxDepth
};

/// A page of results, best first, and where the next starts (nullopt: none, or past the
/// deepest page a search reaches).
struct SearchResults {
    std::vector<store::SearchHit> hits;
    std::optional<int> next_offset;
};

/// Published articles matching every word of `request.q`. A `q` without words (only
/// punctuation, say) finds nothing. Everyone gets published articles only, staff included: the
/// desk lists drafts by status. Errors: kInvalid (field "q": too long, too many words; "limit";
/// "section"); the store's.
domain::Result<SearchResults> search_articles(Context& ctx, const Actor& actor, const SearchRequest& request);

}  // namespace tribune::service
