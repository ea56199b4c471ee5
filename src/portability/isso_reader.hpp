#pragma once
// Reads an Isso database (its SQLite file) read-only, row by row: every thread, then every
// comment in id order, each handed on as it is read.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/error.hpp"

namespace tribune::portability {

struct IssoThread {
    std::int64_t id = 0;
    std::string uri;  // the page's path, as Isso's client sent it
};

struct IssoComment {
    std::int64_t id = 0;
    std::int64_t thread_id = 0;               // tid
    std::optional<std::int64_t> parent;       // NULL for a top-level comment
    double created = 0;                       // Unix seconds
    std::int64_t mode = 1;                    // 1 accepted, 2 waiting for moderation, 4 deleted
    std::string remote_addr;                  // anonymized by Isso (the last IPv4 octet zeroed)
    std::string text;                         // the Markdown the commenter typed
    std::string author;
    std::string email;
};

struct IssoHandlers {
    std::function<domain::Result<void>(IssoThread&&)> thread;
    std::function<domain::Result<void>(IssoComment&&)> comment;
    /// Hears the installation's own key (Isso's preferences "session-key", random per installation)
    /// before the first thread, when the database has one (may be empty).
    std::function<void(std::string&&)> installation;
    /// Asked before each row (may be empty): when it says true, the read ends with its error.
    std::function<std::optional<domain::Error>()> stopped;
};

/// The longest text one field may hold: bounds what a hostile file can make the reader keep.
inline constexpr std::size_t kMaxIssoField = 4 * 1024 * 1024;

/// Opens `path` read-only (and query-only: nothing is ever written, not even a journal) and
/// reads it to its end. Errors: kMalformed for a file that is not an SQLite database or has no
/// Isso threads and comments tables, or a field over kMaxIssoField; kUnavailable when the
/// database cannot be read (locked too long, damaged); the handlers' own errors (and `stopped`'s)
/// stop the read.
domain::Result<void> read_isso(const std::string& path, const IssoHandlers& handlers);

}  // namespace tribune::portability
