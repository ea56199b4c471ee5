#pragma once
// Moderation policies: the install's (settings, falling back to configuration) and each
// thread's overrides, and the policy in force for a thread now.

#include <optional>
#include <string>
#include <string_view>

#include "domain/policy.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

using InstallPolicy = domain::InstallPolicy;

/// The policy in force for one thread: the install's, with the thread's overrides applied, and
/// whether the thread is closed now (closed by hand, or older than auto-close days).
struct EffectivePolicy {
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    bool closed = false;
    std::string closed_reason;  // "Comments are closed." / "Comments closed 30 days after publication."
    bool signin_required = false;         // only signed-in readers may comment
    bool signin_after_rejection = false;  // an anonymous author with a rejected comment must sign in
};

/// The install policy, re-read from the store every few seconds (so a change made on another
/// node arrives here too).
domain::Result<InstallPolicy> install_policy(Context& ctx);
/// Admins only; audited.
domain::Result<InstallPolicy> set_install_policy(Context& ctx, const InstallPolicy& p, const Actor& who);
/// The thread's stored overrides (none: an empty policy for the page).
domain::Result<domain::ThreadPolicy> thread_policy(Context& ctx, const std::string& page);
/// Staff only; audited; the thread's cached pages are dropped.
domain::Result<domain::ThreadPolicy> set_thread_policy(Context& ctx, const domain::ThreadPolicy& p,
                                                       const Actor& who);
/// The comment settings of one article's discussion, as its editor sets them with the article:
/// closed or open, and a moderation mode (nullopt: the install's). Editors and admins (who
/// edit every article) and moderators; audited as set_thread_policy. Errors: as
/// authorize(kPublish); kNotFound for no article at `slug`.
domain::Result<domain::ThreadPolicy> set_article_comments(Context& ctx, const Actor& who, std::string_view slug, bool closed,
                                                          std::optional<domain::ModerationMode> moderation);
domain::Result<EffectivePolicy> effective_policy(Context& ctx, const std::string& page);

}  // namespace tribune::service
