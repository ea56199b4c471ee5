// What readers type (comment text, display name, page key) is validated before it is stored:
// anything accepted must be valid UTF-8, trimmed, free of control characters, within the limit,
// and accepted unchanged when validated again. The first byte picks the validator and the limits.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "domain/comment_text.hpp"
#include "domain/utf8.hpp"

using namespace tribune;

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// C0 controls, DEL and C1 (U+0080..U+009F), allowing tab and, where given, line feed.
bool has_control(std::string_view s, bool allow_newline) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\t' || (allow_newline && c == '\n')) continue;
        if (c < 0x20 || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    }
    return false;
}

void check_trimmed_text(const std::string& out, std::string_view in, std::size_t max_chars, bool multiline) {
    fuzz::check(domain::is_valid_utf8(out), "accepted text is not UTF-8", in);
    fuzz::check(!out.empty() && !is_space(out.front()) && !is_space(out.back()), "accepted text is not trimmed", in);
    fuzz::check(!has_control(out, multiline), "accepted text has control characters", in);
    fuzz::check(*domain::utf8_length(out) <= max_chars, "accepted text is over the limit", in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
    domain::Limits limits;
    if (mode & 0x80) {  // small limits, so that the length checks are reached by short inputs
        limits.max_text_chars = 16;
        limits.max_name_chars = 8;
        limits.max_page_bytes = 16;
    }
    const bool utf8 = domain::is_valid_utf8(in);

    switch (mode % 3) {
        case 0: {
            auto text = domain::validate_comment_text(in, limits);
            if (!text) {
                fuzz::check((text.error().code == domain::ErrorCode::kMalformed) == !utf8, "wrong error code", in);
                return 0;
            }
            check_trimmed_text(*text, in, limits.max_text_chars, true);
            fuzz::check(text->find('\r') == std::string::npos, "accepted text keeps a carriage return", in);
            auto again = domain::validate_comment_text(*text, limits);
            fuzz::check(again && *again == *text, "validated text changes when validated again", in);
            return 0;
        }
        case 1: {
            auto name = domain::validate_author_name(in, limits);
            if (!name) {
                fuzz::check((name.error().code == domain::ErrorCode::kMalformed) == !utf8, "wrong error code", in);
                return 0;
            }
            check_trimmed_text(*name, in, limits.max_name_chars, false);
            auto again = domain::validate_author_name(*name, limits);
            fuzz::check(again && *again == *name, "validated name changes when validated again", in);
            return 0;
        }
        default: {
            auto page = domain::validate_page_key(in, limits);
            if (!page) return 0;
            fuzz::check(*page == in, "a page key is not kept as sent", in);
            fuzz::check(utf8 && !page->empty() && page->size() <= limits.max_page_bytes, "bad page key accepted", in);
            fuzz::check(!has_control(*page, false), "page key with control characters accepted", in);
            return 0;
        }
    }
}
