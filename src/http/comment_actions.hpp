#pragma once
// What readers and moderators do to comments, shared by the JSON API and the HTML forms:
// each action checks the rules, writes through the store, then reports the change.

#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"
#include "http/identity.hpp"
#include "http/services.hpp"

namespace tribune::http {

struct PostedComment {
    domain::Comment comment;
    std::string author_token;  // the token that now identifies the author
    bool token_is_new = false; // true when the request carried none: set the cookie
};

/// Admits and stores a comment; committed before it returns. On the way: the thread must be
/// open (kConflict "Comments are closed"), the author not banned (kForbidden), within the rate
/// limits (kRateLimited with retry_after_seconds; the admin token and staff are exempt); the
/// filters (banned words, links, duplicates) and the thread's policy decide whether it waits for
/// a moderator. Errors also: validation (400/422), kNotFound for a missing parent, kUnavailable.
domain::Result<PostedComment> post_comment(Services& s, const domain::CommentDraft& draft, const Identity& who);

/// The comment if `viewer` may see it; kNotFound otherwise (never reveals that it exists).
domain::Result<domain::Comment> visible_comment(Services& s, domain::CommentId id, const domain::Viewer& viewer);

/// Replaces the text. Errors: kUnauthenticated (no credentials), kForbidden, kConflict, kNotFound,
/// validation of the new text.
domain::Result<domain::Comment> edit_comment(Services& s, domain::CommentId id, std::string_view text,
                                             const Identity& who);

/// Deletes (or tombstones) a comment. Same errors as edit_comment, without the window.
domain::Result<domain::Comment> delete_comment(Services& s, domain::CommentId id, const Identity& who);

}  // namespace tribune::http
