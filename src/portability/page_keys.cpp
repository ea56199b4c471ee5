#include "portability/page_keys.hpp"

namespace tribune::portability {

domain::Result<std::pair<std::string, std::string>> parse_page_map(std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid --map",
                                  "--map takes OLD_PREFIX=NEW_PREFIX with a prefix to replace");
    return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

std::string page_key_of(std::string_view url, const PageKeyRules& rules) {
    auto first = url.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    url = url.substr(first, url.find_last_not_of(" \t\r\n") - first + 1);
    std::string key;
    if (rules.whole_url) {
        key = std::string(url);
    } else {
        std::string_view rest = url.substr(0, url.find_first_of("?#"));
        if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
            rest = rest.substr(scheme + 3);
            auto slash = rest.find('/');
            rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
        } else if (rest.starts_with("//")) {
            auto slash = rest.find('/', 2);
            rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
        }
        key = rest.empty() ? std::string("/") : std::string(rest);
    }
    for (const auto& [from, to] : rules.maps)
        if (key.starts_with(from)) {
            key = to + key.substr(from.size());
            break;
        }
    return key;
}

}  // namespace tribune::portability
