#pragma once
// What nodes tell each other over a Bus: comment events (stored, then fetched by id), page
// states (presence and typing, sent as they are) and changed pages (an article, a thread's
// settings, an author: each node drops its cached answers). Text, so PostgreSQL keeps and
// carries it as is.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/comment_event.hpp"
#include "live/hub.hpp"

namespace tribune::live {

/// A CommentEvent as text, everything included (the whole comment decides who may see it).
std::string encode_event(const CommentEvent& event);

/// The event encode_event() wrote; nullopt for anything else.
std::optional<CommentEvent> decode_event(std::string_view text);

/// One node's news about its pages. `leaving`: the node stops; forget everything it announced.
struct NodeStates {
    std::string node;
    bool leaving = false;
    std::vector<PageState> states;
};

/// `states` as texts of at most `max_bytes` each (a NOTIFY payload is limited), one or more
/// pages each; a page whose state alone does not fit is left out. Empty `states` with
/// `leaving`: one text.
std::vector<std::string> encode_states(const NodeStates& states, std::size_t max_bytes);

/// What encode_states() wrote; nullopt for anything else.
std::optional<NodeStates> decode_states(std::string_view text);

/// One node's changed pages. `everything`: the node cannot say which (its list overflowed), so
/// every node drops all its cached answers.
struct PageChanges {
    std::string node;
    bool everything = false;
    std::vector<std::string> pages;
};

/// `changes` as texts of at most `max_bytes` each, one or more pages each; a page too long to
/// fit alone makes its text say `everything` instead (never a change left out).
std::vector<std::string> encode_page_changes(const PageChanges& changes, std::size_t max_bytes);

/// What encode_page_changes() wrote; nullopt for anything else.
std::optional<PageChanges> decode_page_changes(std::string_view text);

}  // namespace tribune::live
