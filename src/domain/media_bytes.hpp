#pragma once
// Bounded reads of big- and little-endian numbers from a file's bytes, for the media readers
// (media_format.cpp, media_probe.cpp): every read checks its range and answers nullopt past the
// end, so a length read from a file can never take a reader outside it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tribune::domain::media_bytes {

inline std::uint8_t byte(std::string_view b, std::size_t at) { return static_cast<std::uint8_t>(b[at]); }

inline bool has(std::string_view b, std::size_t at, std::size_t n) { return at <= b.size() && n <= b.size() - at; }

inline std::optional<std::uint64_t> be(std::string_view b, std::size_t at, std::size_t n) {
    if (n > 8 || !has(b, at, n)) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | byte(b, at + i);
    return v;
}

inline std::optional<std::uint64_t> le(std::string_view b, std::size_t at, std::size_t n) {
    if (n > 8 || !has(b, at, n)) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = n; i > 0; --i) v = (v << 8) | byte(b, at + i - 1);
    return v;
}

inline bool starts(std::string_view b, std::size_t at, std::string_view what) {
    return has(b, at, what.size()) && b.substr(at, what.size()) == what;
}

}  // namespace tribune::domain::media_bytes
