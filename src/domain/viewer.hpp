#pragma once
// Who is asking, as far as visibility goes.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/comment.hpp"
#include "domain/role.hpp"

namespace tribune::domain {

/// The person behind a request. Anonymous readers may carry an author token (its hash here),
/// which lets them see and edit their own comments.
struct Viewer {
    Role role = Role::kReader;
    std::optional<std::int64_t> user_id;
    std::string name;               // account name for staff; empty for anonymous readers
    std::string author_token_hash;  // empty when the reader has no author token
    std::string badge;              // a signed-in reader's SSO badge ("" for none)
    bool verified = false;          // a signed-in account whose email is verified

    bool is_staff() const { return domain::is_staff(role); }
};

/// Whether `viewer` may see `c` at all: approved and deleted tombstones for everyone, their own
/// pending comments for their author, everything for staff.
bool can_see(const Viewer& viewer, const Comment& c);

/// Whether `c` belongs in a thread as `viewer` reads it (the default view of pages, the widget
/// and the API; staff pick other statuses explicitly): what can_see() allows a reader (staff
/// read the thread as readers do), except that a deleted comment shows only as the tombstone of
/// a top-level comment that still has replies. Both engines' SQL is checked against this rule
/// for every status and viewer (tests/store/store_contract_test.cpp).
bool in_thread_view(const Viewer& viewer, const Comment& c);

/// Whether `viewer` wrote `c` (same account, or same author token).
bool is_author(const Viewer& viewer, const Comment& c);

}  // namespace tribune::domain
