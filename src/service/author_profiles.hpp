#pragma once
// Author profiles as readers see them (their page) and editors keep them: name, bio, photo,
// links, and the account linked to the profile (whose drafts carry its byline).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/article_types.hpp"

namespace tribune::service {

/// What an editor changes; an unset field keeps its value.
struct AuthorProfileDraft {
    std::optional<std::string> name;
    std::optional<std::string> bio;
    std::optional<std::string> photo_url;  // "" = none; else an http(s) URL or a site path
    std::optional<std::vector<std::string>> links;  // http(s) URLs
    std::optional<std::optional<std::int64_t>> user_id;  // set: link this account (nullopt: unlink)
};

namespace author_limits {
inline constexpr std::size_t kBio = 5000;
inline constexpr std::size_t kMaxLinks = 10;
}  // namespace author_limits

/// The profile at `slug` as `actor` may see it: writers and editors (Permission::kWrite) see
/// every profile, readers only one visible_to_readers() (a profile made by an author's first
/// draft answers kNotFound until an article of theirs is published). Errors: kNotFound; the
/// store's.
domain::Result<store::AuthorProfile> author_profile(Context& ctx, const Actor& actor, std::string_view slug);

/// Updates the profile at `slug` (Permission::kPublish: editors manage authors). Errors: as
/// authorize; kNotFound; kInvalid (fields, an account that does not exist); kConflict when the
/// account is linked to another profile; the store's.
domain::Result<store::AuthorProfile> update_author_profile(Context& ctx, const Actor& actor, std::string_view slug,
                                                           const AuthorProfileDraft& draft);

}  // namespace tribune::service
