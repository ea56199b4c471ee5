#include "domain/cursor.hpp"

#include <charconv>

#include "domain/base64url.hpp"

namespace tribune::domain {
namespace {

Error bad_cursor() {
    return make_error(ErrorCode::kMalformed, "Invalid cursor",
                      "cursor is not one this server handed out",
                      {FieldError{"cursor", "unknown cursor"}});
}

}  // namespace

std::string encode_cursor(const Cursor& c) {
    std::string plain = "v1:";
    plain += c.order == SortOrder::kNewest ? 'n' : 'o';
    plain += ':';
    plain += std::to_string(c.after_id);
    return base64url_encode(plain);
}

Result<Cursor> decode_cursor(std::string_view text) {
    if (text.empty() || text.size() > 64) return bad_cursor();
    const auto plain = base64url_decode(text);
    if (!plain || plain->size() < 6 || plain->compare(0, 3, "v1:") != 0 || (*plain)[4] != ':')
        return bad_cursor();
    Cursor c;
    const char order = (*plain)[3];
    if (order == 'o') c.order = SortOrder::kOldest;
    else if (order == 'n') c.order = SortOrder::kNewest;
    else return bad_cursor();
    const char* first = plain->data() + 5;
    const char* last = plain->data() + plain->size();
    auto [ptr, ec] = std::from_chars(first, last, c.after_id);
    if (ec != std::errc{} || ptr != last || c.after_id < 0) return bad_cursor();
    // Only the spelling encode_cursor makes ("07" and "-0" read as numbers too; found by fuzzing).
    if (encode_cursor(c) != text) return bad_cursor();
    return c;
}

}  // namespace tribune::domain
