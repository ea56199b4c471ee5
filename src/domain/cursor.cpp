#include "domain/cursor.hpp"

#include <charconv>

#include "domain/base64url.hpp"
#include "domain/search_text.hpp"

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

std::string encode_article_cursor(const ArticleCursor& c) {
    std::string plain = "a1:";
    plain += std::to_string(to_micros(c.time));
    plain += ':';
    plain += std::to_string(c.id);
    return base64url_encode(plain);
}

Result<ArticleCursor> decode_article_cursor(std::string_view text) {
    if (text.empty() || text.size() > 80) return bad_cursor();
    const auto plain = base64url_decode(text);
    if (!plain || plain->size() < 7 || plain->compare(0, 3, "a1:") != 0) return bad_cursor();
    const auto colon = plain->find(':', 3);
    if (colon == std::string::npos) return bad_cursor();
    std::int64_t micros = 0;
    ArticleCursor c;
    const char* p = plain->data();
    auto [t_end, t_ec] = std::from_chars(p + 3, p + colon, micros);
    auto [i_end, i_ec] = std::from_chars(p + colon + 1, p + plain->size(), c.id);
    if (t_ec != std::errc{} || t_end != p + colon || i_ec != std::errc{} || i_end != p + plain->size() || c.id < 0)
        return bad_cursor();
    c.time = from_micros(micros);
    // Only the spelling encode_article_cursor makes.
    if (encode_article_cursor(c) != text) return bad_cursor();
    return c;
}

std::string encode_search_cursor(int offset) { return base64url_encode("s1:" + std::to_string(offset)); }

Result<int> decode_search_cursor(std::string_view text) {
    if (text.empty() || text.size() > 16) return bad_cursor();
    const auto plain = base64url_decode(text);
    if (!plain || plain->size() < 4 || plain->compare(0, 3, "s1:") != 0) return bad_cursor();
    int offset = 0;
    const char* last = plain->data() + plain->size();
    auto [end, ec] = std::from_chars(plain->data() + 3, last, offset);
    if (ec != std::errc{} || end != last || offset < 1 || offset > search_limits::kMaxDepth) return bad_cursor();
    // Only the spelling encode_search_cursor makes.
    if (encode_search_cursor(offset) != text) return bad_cursor();
    return offset;
}

}  // namespace tribune::domain
