#pragma once
// Who may do what to a comment, and in which state a new comment starts.

#include <optional>
#include <string>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/limits.hpp"
#include "domain/viewer.hpp"

namespace tribune::domain {

/// What a reader asked to post, before validation.
struct CommentDraft {
    std::string page;
    std::string text;
    std::optional<std::string> author_name;
    std::optional<CommentId> parent_id;
};

/// How new comments from readers start. Staff comments are always approved at once.
enum class ModerationMode { kPreModerate, kPostModerate };

/// Validates a draft and decides its starting state. `parent` is the comment replied to, as
/// found by the caller (nullopt when the draft names none or it does not exist). A reply to a
/// reply is attached to the top-level comment, keeping threads two levels deep.
/// Errors: kInvalid/kMalformed from validation; kNotFound (field "parent_id") for a parent
/// that is missing, on another page, or not visible to the viewer.
Result<NewComment> admit(const CommentDraft& draft, const Viewer& viewer, const std::optional<Comment>& parent,
                         Time now, ModerationMode mode, const Limits& limits);

/// Whether `viewer` may replace the text of `c` now: staff any time; the author within the edit
/// window. Errors: kNotFound (cannot see it), kForbidden (not theirs), kConflict (window passed,
/// or the comment is deleted).
Result<void> check_edit(const Viewer& viewer, const Comment& c, Time now, const Limits& limits);

/// Whether `viewer` may delete `c`: staff, or its author. Same errors as check_edit, no window.
Result<void> check_delete(const Viewer& viewer, const Comment& c);

}  // namespace tribune::domain
