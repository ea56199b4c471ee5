#include "domain/comment_text.hpp"

#include <string>

#include "domain/comment.hpp"
#include "domain/utf8.hpp"

namespace tribune::domain {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// C0 controls and DEL, plus the C1 range (U+0080..U+009F, encoded as C2 80..C2 9F).
bool has_control(std::string_view s, bool allow_line_breaks) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\t') continue;
        if (allow_line_breaks && (c == '\n' || c == '\r')) continue;
        if (c < 0x20 || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < s.size()) {
            const auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

std::string normalise_line_breaks(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

Error field_error(ErrorCode code, std::string title, std::string field, std::string message) {
    return make_error(code, std::move(title), message, {FieldError{std::move(field), message}});
}

}  // namespace

Result<std::string> validate_comment_text(std::string_view raw, const Limits& limits) {
    if (!is_valid_utf8(raw))
        return field_error(ErrorCode::kMalformed, "Invalid UTF-8", "text", "text is not valid UTF-8");
    if (has_control(raw, true))
        return field_error(ErrorCode::kInvalid, "Comment text has control characters", "text",
                           "text may contain only printable characters, tabs and line breaks");
    std::string text = normalise_line_breaks(trim(raw));
    if (text.empty())
        return field_error(ErrorCode::kInvalid, "Comment text is empty", "text", "text must not be empty");
    const std::size_t chars = *utf8_length(text);
    if (chars > limits.max_text_chars)
        return field_error(ErrorCode::kInvalid, "Comment text is too long", "text",
                           "text has " + std::to_string(chars) + " characters; the limit is " +
                               std::to_string(limits.max_text_chars));
    return text;
}

Result<std::string> validate_author_name(std::string_view raw, const Limits& limits) {
    if (!is_valid_utf8(raw))
        return field_error(ErrorCode::kMalformed, "Invalid UTF-8", "author_name",
                           "author_name is not valid UTF-8");
    if (has_control(raw, false))
        return field_error(ErrorCode::kInvalid, "Name has control characters", "author_name",
                           "author_name may contain only printable characters on one line");
    const std::string_view name = trim(raw);
    if (name.empty()) return std::string(kNoName);
    const std::size_t chars = *utf8_length(name);
    if (chars > limits.max_name_chars)
        return field_error(ErrorCode::kInvalid, "Name is too long", "author_name",
                           "author_name has " + std::to_string(chars) + " characters; the limit is " +
                               std::to_string(limits.max_name_chars));
    return std::string(name);
}

Result<std::string> validate_page_key(std::string_view page, const Limits& limits) {
    if (!is_valid_utf8(page))
        return field_error(ErrorCode::kMalformed, "Invalid UTF-8", "page", "page is not valid UTF-8");
    if (page.empty() || page.size() > limits.max_page_bytes)
        return field_error(ErrorCode::kInvalid, "Invalid page key", "page",
                           "page must have 1 to " + std::to_string(limits.max_page_bytes) + " bytes");
    if (has_control(page, false))
        return field_error(ErrorCode::kInvalid, "Invalid page key", "page",
                           "page must not contain control characters");
    return std::string(page);
}

}  // namespace tribune::domain
