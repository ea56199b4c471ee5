#pragma once
// What a Range header (RFC 9110 14.2) asks of a representation of a known size.

#include <cstddef>
#include <string_view>

namespace tribune::http {

struct RangeAnswer {
    enum class Kind {
        kWhole,          // 200 with the whole representation: no Range, another unit, a header
                         // that is not a valid range set, or several ranges (one is all we send)
        kPart,           // 206 with [first, last]
        kUnsatisfiable,  // 416: a valid range of bytes that starts past the end (or asks for none)
    };
    Kind kind = Kind::kWhole;
    std::size_t first = 0;  // inclusive positions, for kPart
    std::size_t last = 0;
};

/// One "bytes=first-last", "bytes=first-" or "bytes=-suffix" range (the unit compared without
/// case) is a part, clipped to the size; a range set of another shape, or anything malformed
/// ("bytes=abc-5", "bytes=5-3", "bytes=", "items=0-5"), is ignored as RFC 9110 14.2 says: kWhole.
RangeAnswer byte_range(std::string_view header, std::size_t size);

}  // namespace tribune::http
