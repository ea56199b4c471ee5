#pragma once
// The one place that decides whether an actor may do a kind of thing. Rules that depend on the
// thing itself (an author's own comment, the edit window) are domain rules (domain/comment.hpp).

#include "domain/error.hpp"
#include "service/actor.hpp"

namespace tribune::service {

enum class Permission {
    kModerate,    // the desk: queues, moderation, bans, thread policies (moderators and admins)
    kAdminister,  // the installation: accounts, install policy, audit log, privacy (admins)
    kPublish,     // every article: edit, publish, unpublish, see drafts; sections, tags, authors (editors, admins)
    kWrite,       // write articles: an author their own drafts (authors, editors, admins)
};

/// Ok when `actor` holds `permission`. Errors: kUnauthenticated when no credentials were
/// presented (log in), kForbidden otherwise.
domain::Result<void> authorize(const Actor& actor, Permission permission);

}  // namespace tribune::service
