#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/comment.hpp"

namespace tribune::live {

/// A change to a comment, ready to fan out. The tails are JSON object bodies without the opening
/// brace (`"type":"comment.created","comment":{...}}`); the hub prefixes `{"event_id":N,`.
struct CommentEvent {
    domain::Comment comment;    // the state after the change: decides who may see it
    std::string visible_tail;   // for subscribers who may see `comment`
    std::string hidden_tail;    // for the others (e.g. comment.deleted); empty: they get nothing
    std::optional<std::int64_t> total;  // the page's approved count after the change, if known
    /// The comment's words are gone (deleted or erased): earlier events about it leave the replay
    /// log, so no reconnecting reader (and no memory) keeps them.
    bool removes_earlier = false;
};

}  // namespace tribune::live
