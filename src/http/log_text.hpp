#pragma once
// What a client sent, made safe to put in a log line: a client must not be able to end a line
// (and forge the next), hide text with control characters, or fill the disk with one field.

#include <cstddef>
#include <string>
#include <string_view>

namespace tribune::http {

/// `text` with control characters, quotes and backslashes escaped (\n, \", \x1b...) and cut to
/// `max_bytes` (a trailing "..." says it was cut).
std::string log_text(std::string_view text, std::size_t max_bytes = 256);

}  // namespace tribune::http
