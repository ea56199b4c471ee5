#pragma once
// A page of a thread as readers get it: top-level comments, each with its first replies.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/comment.hpp"

namespace tribune::domain {

/// A top-level comment with its first replies. `replies_next_cursor` is set when more exist.
struct CommentNode {
    Comment comment;
    std::vector<Comment> replies;
    std::optional<std::string> replies_next_cursor;
};

/// One page of top-level comments. `total` counts approved comments on the page.
struct ThreadPage {
    std::string page;
    std::int64_t total = 0;
    std::vector<CommentNode> comments;
    std::optional<std::string> next_cursor;
    bool sign_in_required = false;  // only signed-in readers may comment in this thread
};

/// One page of replies of a comment.
struct ReplyPage {
    Comment parent;
    std::vector<Comment> replies;
    std::optional<std::string> next_cursor;
};

}  // namespace tribune::domain
