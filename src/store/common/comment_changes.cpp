#include "store/common/comment_changes.hpp"

#include "store/common/comment_rules.hpp"
#include "store/common/outbox_steps.hpp"
#include "store/common/store_errors.hpp"

namespace tribune::store {

using domain::CommentStatus;
using domain::Result;

namespace {

// The outbox event of a change to `c`, in its transaction, timed by the database's clock (these
// changes are not given the time).
Result<void> record_comment_event(SqlExecutor& db, std::string_view type, const domain::Comment& c) {
    return db.run(ChangeStatement::kRecordEvent, {type, c.id, std::string_view(c.page), std::monostate{}});
}

}  // namespace

Result<domain::Comment> change_status(SqlExecutor& db, domain::CommentId id, CommentStatus status,
                                      const std::optional<std::string>& seen_version) {
    if (status == CommentStatus::kDeleted) return deleting_is_separate();
    auto current = db.comment_for_update(id);
    if (!current) return current.error();
    auto change = check_status_change(*current, status, seen_version);
    if (!change) return change.error();
    if (!*change) return current;

    if (auto ok = db.run(ChangeStatement::kUpdateStatus, {id, to_string(status)}); !ok) return ok.error();
    if (const auto event = outbox_steps::status_event(current->status, status)) {
        if (auto ok = record_comment_event(db, *event, *current); !ok) return ok.error();
    }
    if (const std::int64_t delta = approved_delta(current->status, status); delta != 0) {
        if (auto ok = adjust_counts(db, *current, delta); !ok) return ok.error();
    }
    current->status = status;
    return current;
}

Result<domain::Comment> delete_comment(SqlExecutor& db, domain::CommentId id) {
    auto current = db.comment_for_update(id);
    if (!current) return current.error();
    if (current->status == CommentStatus::kDeleted) return current;

    if (auto ok = db.run(ChangeStatement::kMarkDeleted, {id}); !ok) return ok.error();
    // The author asked for the words to go: earlier versions go with them.
    if (auto ok = db.run(ChangeStatement::kDeleteEdits, {id}); !ok) return ok.error();
    if (auto ok = record_comment_event(db, outbox_event::kCommentDeleted, *current); !ok) return ok.error();
    if (current->status == CommentStatus::kApproved) {
        if (auto ok = adjust_counts(db, *current, -1); !ok) return ok.error();
    }
    make_tombstone(*current);
    return current;
}

Result<domain::Comment> edit_comment(SqlExecutor& db, domain::CommentId id, const std::string& new_text,
                                     domain::Time at, const std::string& edited_by,
                                     const std::optional<std::string>& hold_reason) {
    auto current = db.comment_for_update(id);
    if (!current) return current.error();
    if (auto ok = check_editable(*current); !ok) return ok.error();

    const std::int64_t at_micros = domain::to_micros(at);
    if (auto ok = db.run(ChangeStatement::kInsertEdit,
                         {id, std::string_view(current->text), at_micros, std::string_view(edited_by)});
        !ok)
        return ok.error();
    if (auto ok = db.run(ChangeStatement::kUpdateText, {id, std::string_view(new_text), at_micros}); !ok)
        return ok.error();

    current->text = new_text;
    current->edited_at = at;
    if (const auto held = held_edit(*current, hold_reason)) {
        if (auto ok =
                db.run(ChangeStatement::kHoldEdited, {id, to_string(held->status), std::string_view(held->reason)});
            !ok)
            return ok.error();
        if (const std::int64_t delta = approved_delta(current->status, held->status); delta != 0) {
            if (auto ok = adjust_counts(db, *current, delta); !ok) return ok.error();
        }
        current->status = held->status;
        current->filter_reason = held->reason;
    }
    return current;
}

}  // namespace tribune::store
