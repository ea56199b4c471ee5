// Cursors come back from clients in ?cursor=: decode_cursor takes only what encode_cursor
// makes (cursor.hpp), so a text that decodes encodes back to itself. The same holds for
// base64url underneath.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "check.hpp"
#include "domain/base64url.hpp"
#include "domain/cursor.hpp"

using namespace tribune;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (auto decoded = domain::decode_cursor(text)) {
        fuzz::check(decoded->after_id >= 0, "decoded cursor has a negative id", text);
        fuzz::check(domain::encode_cursor(*decoded) == text, "decode_cursor accepted a cursor encode_cursor would not make",
                    text);
    }

    if (auto bytes = domain::base64url_decode(text))
        fuzz::check(domain::base64url_encode(*bytes) == text, "base64url_decode accepted a text encode would not make",
                    text);

    // Every cursor the server can make decodes to itself: order and id taken from the input.
    if (size >= 9) {
        domain::Cursor c;
        c.order = data[0] & 1 ? domain::SortOrder::kNewest : domain::SortOrder::kOldest;
        std::uint64_t raw = 0;
        std::memcpy(&raw, data + 1, sizeof raw);
        c.after_id = static_cast<domain::CommentId>(raw >> 1);  // ids are never negative
        auto back = domain::decode_cursor(domain::encode_cursor(c));
        fuzz::check(back && back->order == c.order && back->after_id == c.after_id,
                    "decode_cursor refuses a cursor encode_cursor made", domain::encode_cursor(c));
    }
    return 0;
}
