#pragma once
// Reads a text stream line by line in bounded memory, counting lines: the JSON-lines importer's
// input. A line longer than the bound is an error, never a buffer that grows without end.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

namespace tribune::portability {

/// The longest line read (bytes, without its newline): far above the largest exported row (an
/// article revision holds a 512 KiB body, escaped twice).
inline constexpr std::size_t kMaxLineBytes = 32u << 20;

class LineReader {
public:
    explicit LineReader(std::istream& in, std::size_t max_line = kMaxLineBytes) : in_(in), max_(max_line) {}

    enum class Got { kLine, kEnd, kTooLong, kReadError };

    /// The next line into `line` (without "\n" or a "\r" before it). kEnd once nothing is left;
    /// a last line without a newline is still a line.
    Got next(std::string& line);

    /// The number of the line last returned (1 for the first).
    std::int64_t number() const { return number_; }
    /// Whether the line last returned ended with a newline (a cut-off file's last line does not).
    bool ended_with_newline() const { return newline_; }

private:
    std::istream& in_;
    std::size_t max_;
    std::int64_t number_ = 0;
    bool newline_ = false;
};

}  // namespace tribune::portability
