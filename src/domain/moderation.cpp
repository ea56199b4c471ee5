#include "domain/moderation.hpp"

namespace tribune::domain {

std::optional<ModerationMode> parse_moderation_mode(std::string_view s) {
    for (auto m : {ModerationMode::kPreModerate, ModerationMode::kPreModerateFirstTime,
                   ModerationMode::kPreModerateLinks, ModerationMode::kPostModerate})
        if (to_string(m) == s) return m;
    return std::nullopt;
}

std::optional<BanKind> parse_ban_kind(std::string_view s) {
    for (auto k : {BanKind::kUser, BanKind::kToken, BanKind::kIp})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

AuthorKey author_key_of(const Comment& c) {
    AuthorKey k;
    if (c.author.user_id) k.user_id = c.author.user_id;
    else k.token_hash = c.author_token_hash;
    return k;
}

}  // namespace tribune::domain
