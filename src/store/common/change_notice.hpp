#pragma once
// What both engines check before storing a change notice (store/notice_store.hpp).

#include <string_view>

#include "domain/error.hpp"

namespace tribune::store {

/// "created", "updated" and "deleted" only. Errors: kInvalid.
inline domain::Result<void> check_notice_change(std::string_view change) {
    if (change == "created" || change == "updated" || change == "deleted") return {};
    return domain::make_error(domain::ErrorCode::kInvalid, "Unknown change", "a notice's change is created, updated or deleted");
}

/// Notices taken at once, at most.
inline constexpr int kMaxNoticesTaken = 500;

}  // namespace tribune::store
