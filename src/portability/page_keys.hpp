#pragma once
// Which page an imported thread becomes: by default the path of its URL exactly as written
// (percent-encoding kept), without query and fragment; or the whole URL; then the first
// --map OLD_PREFIX=NEW_PREFIX whose prefix matches rewrites it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace tribune::portability {

struct PageKeyRules {
    bool whole_url = false;  // --page-key url
    std::vector<std::pair<std::string, std::string>> maps;  // --map, in the order given
};

/// Parses one --map value "OLD=NEW" (OLD not empty). Errors: kInvalid.
domain::Result<std::pair<std::string, std::string>> parse_page_map(std::string_view text);

/// The page key of `url`: "https://old.example/2019/06/hours?utm=x#c" -> "/2019/06/hours"; a URL
/// with no path is "/"; a relative link keeps its path. "" when `url` is empty.
std::string page_key_of(std::string_view url, const PageKeyRules& rules);

}  // namespace tribune::portability
