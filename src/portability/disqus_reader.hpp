#pragma once
// Reads a Disqus XML export as a stream (expat): each <thread> and each <post> is handed on as
// soon as it ends, so a file of any size is read in the same memory.

#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "domain/error.hpp"

namespace tribune::portability {

struct DisqusThread {
    std::string id;     // dsq:id
    std::string link;   // the page's URL
    bool closed = false;
};

struct DisqusPost {
    std::string id;         // dsq:id
    std::string thread_id;  // <thread dsq:id>
    std::string parent_id;  // <parent dsq:id>, "" for a top-level post
    std::string message;    // HTML
    std::string created_at; // ISO 8601, UTC
    bool deleted = false;
    bool spam = false;
    std::string author_name;
    std::string author_email;
    std::string ip_address;
};

struct DisqusHandlers {
    std::function<domain::Result<void>(DisqusThread&&)> thread;
    std::function<domain::Result<void>(DisqusPost&&)> post;
};

/// The longest text one element may hold (a post's message, a link...): bounds what a hostile
/// file can make the reader keep.
inline constexpr std::size_t kMaxDisqusField = 4 * 1024 * 1024;

/// Reads `in` to its end. Errors: kMalformed for XML that is not well formed or not a Disqus
/// export (with the line), a field over kMaxDisqusField; the handlers' own errors stop the read.
domain::Result<void> read_disqus(std::istream& in, const DisqusHandlers& handlers);

}  // namespace tribune::portability
