#pragma once
// Who may do what to a comment, and in which state a new comment starts.

#include <optional>
#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/limits.hpp"
#include "domain/moderation.hpp"
#include "domain/viewer.hpp"

namespace tribune::domain {

/// What a reader asked to post, before validation.
struct CommentDraft {
    std::string page;
    std::string text;
    std::optional<std::string> author_name;
    std::optional<CommentId> parent_id;
};


/// What the caller learned before admitting a reader's comment: the policy in force for the
/// thread, whether the commenter already has an approved comment, and why a filter held the
/// text (empty when it passed every filter).
struct Screening {
    ModerationMode mode = ModerationMode::kPreModerate;
    bool author_has_approved = false;
    std::string hold_reason;
};

/// How a reader's comment with `text` starts: approved, or pending with the reason a filter or
/// the policy gave (empty when the mode holds every comment). The one rule for new comments and
/// authors' edits alike.
struct Admission {
    CommentStatus status = CommentStatus::kPending;
    std::string reason;
};
Admission decide(std::string_view text, const Screening& screening);

/// An author's edit is screened as a new comment with the new text: nullopt when that comment
/// would be approved (the edit shows at once), else the reason to hold the edited comment for a
/// moderator (it goes back to pending: readers no longer see it until a moderator decides).
std::optional<std::string> edit_hold_reason(std::string_view new_text, const Screening& screening);

/// A draft that passed validation, in the form it is stored in (normalised text, trimmed name):
/// made by validate_draft() only, so what is screened is what is stored, and nothing is
/// validated twice.
struct ValidDraft {
    std::string page;
    std::string text;
    std::string author_name;  // empty when signed in: the account's name is used
    std::optional<CommentId> parent_id;

private:
    ValidDraft() = default;
    friend Result<ValidDraft> validate_draft(const CommentDraft& draft, const Viewer& viewer, const Limits& limits);
};

/// Checks, in this order, the page key, the text and (for readers) the name.
/// Errors: kInvalid/kMalformed naming the field.
Result<ValidDraft> validate_draft(const CommentDraft& draft, const Viewer& viewer, const Limits& limits);

/// Decides a validated draft's starting state: staff comments are approved; a held text is
/// pending with its reason in filter_reason; otherwise `screening.mode` decides. `parent` is the
/// comment replied to, as found by the caller (nullopt when the draft names none or it does not
/// exist). A reply to a reply is attached to the top-level comment, keeping threads two levels
/// deep. Errors: kNotFound (field "parent_id") for a parent that is missing, on another page, or
/// not visible to the viewer.
Result<NewComment> admit(const ValidDraft& draft, const Viewer& viewer, const std::optional<Comment>& parent,
                         Time now, const Screening& screening);

/// validate_draft(), then admit(): for callers with nothing to do in between.
Result<NewComment> admit(const CommentDraft& draft, const Viewer& viewer, const std::optional<Comment>& parent,
                         Time now, const Screening& screening, const Limits& limits);

/// Whether `viewer` may replace the text of `c` now: staff any time; the author within the edit
/// window. Errors: kNotFound (cannot see it), kForbidden (not theirs), kConflict (window passed,
/// or the comment is deleted).
Result<void> check_edit(const Viewer& viewer, const Comment& c, Time now, const Limits& limits);

/// Whether `viewer` may delete `c`: staff, or its author. Same errors as check_edit, no window.
Result<void> check_delete(const Viewer& viewer, const Comment& c);

}  // namespace tribune::domain
