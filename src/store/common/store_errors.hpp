#pragma once
// The errors both engines return for the same refusals, with the same client-safe text.

#include "domain/error.hpp"

namespace tribune::store {

/// kNotFound: no comment with that id.
domain::Error comment_not_found();

/// kNotFound, on field parent_id: the comment replied to does not exist.
domain::Error parent_not_found();

/// kInvalid, on field parent_id: a reply must answer a top-level comment of the same page.
domain::Error invalid_reply();

/// kNotFound: no article with that slug.
domain::Error article_not_found();

/// kConflict, on field slug: the slug is taken.
domain::Error slug_taken();

/// kConflict: the comment is deleted, so it cannot be edited.
domain::Error deleted_cannot_be_edited();

/// kConflict: the comment is deleted, so it cannot be moderated.
domain::Error deleted_cannot_be_moderated();

/// kInvalid: set_status cannot delete (delete_comment does).
domain::Error deleting_is_separate();

/// kConflict: import_all into a store that holds something, without replace_existing.
domain::Error store_not_empty();

/// kUnavailable (Retry-After 30 s): the disk is full, so a change was not saved.
domain::Error storage_full();

/// kUnavailable (Retry-After 30 s): the storage refuses writes (read-only, failing).
domain::Error storage_failing();

/// kUnavailable (Retry-After 300 s): the database is damaged; changes are refused until an
/// operator repairs it.
domain::Error database_damaged();

}  // namespace tribune::store
