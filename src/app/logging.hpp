#pragma once

#include <string>

namespace tribune::app {

/// Logs go to stdout, one line per event, buffered and flushed every second (and at once for
/// warnings), so a busy server doesn't pay a system call per request line.
void setup_logging(const std::string& level);

/// Flushes what is buffered (after the "listening" line, before exit).
void flush_logs();

}  // namespace tribune::app
