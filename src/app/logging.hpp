#pragma once

#include <string>

namespace tribune::app {

/// Logs go to stdout, one line per event, buffered and flushed every second (and at once for
/// warnings), so a busy server doesn't pay a system call per request line. The store's problems
/// come here too ("store_error kind=... detail=..."), at most a few a second per kind, with a
/// "store_errors_suppressed" line counting the rest.
void setup_logging(const std::string& level);

/// Flushes what is buffered, with the store's counts of suppressed lines (after the "listening"
/// line, before exit).
void flush_logs();

}  // namespace tribune::app
