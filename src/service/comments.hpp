#pragma once
// What readers (and staff) do to comments: each use case checks the rules, writes through the
// store, then reports the change.

#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/notifications.hpp"

namespace tribune::service {

struct PostedComment {
    domain::Comment comment;
    std::string author_token;  // the token that now identifies the author
    bool token_is_new = false; // true when the actor had none: the transport hands it out
};

/// Admits and stores a comment; committed before it returns. On the way: the thread must be
/// open (kConflict "Comments are closed"), the author not banned (kForbidden), within the rate
/// limits (kRateLimited with retry_after_seconds; staff are exempt); the filters (banned words,
/// links, duplicates) and the thread's policy decide whether it waits for a moderator. Errors
/// also: validation (kMalformed/kInvalid), kNotFound for a missing parent, kUnavailable. `mail`
/// (read_mail_request) is kept with the comment, for the mails the commenter asked for.
domain::Result<PostedComment> post_comment(Context& ctx, const domain::CommentDraft& draft, const Actor& who,
                                           const MailRequest& mail = {});

/// The comment if `viewer` may see it; kNotFound otherwise (never reveals that it exists).
domain::Result<domain::Comment> visible_comment(Context& ctx, domain::CommentId id, const domain::Viewer& viewer);

/// Replaces the text. Errors: kUnauthenticated (no credentials), kForbidden, kConflict, kNotFound,
/// validation of the new text.
domain::Result<domain::Comment> edit_comment(Context& ctx, domain::CommentId id, std::string_view text,
                                             const Actor& who);

/// Deletes (or tombstones) a comment. Same errors as edit_comment, without the window.
domain::Result<domain::Comment> delete_comment(Context& ctx, domain::CommentId id, const Actor& who);

}  // namespace tribune::service
