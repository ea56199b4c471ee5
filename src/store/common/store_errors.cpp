#include "store/common/store_errors.hpp"

namespace tribune::store {

using domain::ErrorCode;
using domain::make_error;

domain::Error comment_not_found() {
    return make_error(ErrorCode::kNotFound, "Not found", "No such comment.");
}

domain::Error parent_not_found() {
    return make_error(ErrorCode::kNotFound, "Not found", "The comment replied to does not exist.",
                      {{"parent_id", "no such comment"}});
}

domain::Error invalid_reply() {
    return make_error(ErrorCode::kInvalid, "Invalid reply",
                      "A reply must answer a top-level comment on the same page.",
                      {{"parent_id", "not a top-level comment of this page"}});
}

domain::Error article_not_found() {
    return make_error(ErrorCode::kNotFound, "Not found", "No such article.");
}

domain::Error slug_taken() {
    return make_error(ErrorCode::kConflict, "Slug taken", "An article with that slug already exists.",
                      {{"slug", "already taken"}});
}

domain::Error deleted_cannot_be_edited() {
    return make_error(ErrorCode::kConflict, "Comment deleted", "A deleted comment cannot be edited.");
}

domain::Error deleted_cannot_be_moderated() {
    return make_error(ErrorCode::kConflict, "Comment deleted", "A deleted comment cannot be moderated.");
}

domain::Error deleting_is_separate() {
    return make_error(ErrorCode::kInvalid, "Invalid status", "Deleting is a separate action.");
}

domain::Error store_not_empty() {
    return make_error(ErrorCode::kConflict, "Store not empty",
                      "The target store already holds articles or comments.");
}

namespace {

// A write the storage itself refused: 503 with a time to come back.
domain::Error storage_refused(std::string title, std::string detail, int retry_after_seconds) {
    auto e = make_error(ErrorCode::kUnavailable, std::move(title), std::move(detail));
    e.retry_after_seconds = retry_after_seconds;
    return e;
}

}  // namespace

domain::Error storage_full() {
    domain::Error e = storage_refused("Storage full",
                           "The server's disk is full, so the change was not saved. Reading still works; try "
                           "again later.",
                           30);
    e.reason = domain::ErrorReason::kStorageFull;
    return e;
}

domain::Error storage_failing() {
    domain::Error e = storage_refused("Storage unavailable",
                           "The server cannot write to its storage (read-only or failing), so the change was not "
                           "saved. Try again later.",
                           30);
    e.reason = domain::ErrorReason::kStorageFailing;
    return e;
}

domain::Error database_damaged() {
    domain::Error e = storage_refused("Database damaged",
                           "The server found damage in its database and refuses changes until an operator "
                           "repairs it.",
                           300);
    e.reason = domain::ErrorReason::kDatabaseDamaged;
    return e;
}

}  // namespace tribune::store
