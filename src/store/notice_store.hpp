#pragma once
// The notice role of the Store: changes made outside a running node (the command line) that the
// running nodes must still hear of, so their caches drop the page and their live readers see the
// change. The writer leaves a notice after its commit; one node takes it and publishes it (on
// PostgreSQL through the bus, to every node). Notices are transient: not exported, not summed.
// Every call blocks.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

namespace tribune::store {

using domain::Result;

/// One change made outside a node: to comment `comment_id` (0: to the thread's settings) on
/// `page`. `change` is "created", "updated" or "deleted".
struct ChangeNotice {
    std::int64_t id = 0;
    std::string page;
    domain::CommentId comment_id = 0;
    std::string change;
    domain::Time at{};
    bool operator==(const ChangeNotice&) const = default;
};

class NoticeStore {
public:
    virtual ~NoticeStore() = default;

    /// Leaves a notice. Errors: kInvalid for an unknown `change`, kUnavailable.
    virtual Result<void> add_notice(std::string_view page, domain::CommentId comment_id, std::string_view change,
                                    domain::Time at) = 0;

    /// Takes (removes and returns) up to `limit` notices, oldest first. With several nodes on one
    /// database each notice goes to exactly one of them. Cheap when there are none (a read).
    virtual Result<std::vector<ChangeNotice>> take_notices(int limit) = 0;
};

}  // namespace tribune::store
