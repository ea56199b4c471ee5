#pragma once
// Old addresses of imported posts (tribune import wordpress): a GET that no route takes is looked
// up among the store's path redirects and answers 301 to the article it became, under the
// article's current slug, while that article is published.

#include <optional>
#include <string>

#include "http/request.hpp"
#include "store/store.hpp"

namespace tribune::http {

/// The article path `req`'s path (as sent, percent-encoding kept, without the query) moved to,
/// also when it differs only by a trailing slash; nullopt when it did not move, when its article
/// is not published, or when the path is longer than store::kMaxRedirectPath. Blocks on the store.
std::optional<std::string> moved_path(store::Store& store, const Request& req);

}  // namespace tribune::http
