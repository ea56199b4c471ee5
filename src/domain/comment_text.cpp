#include "domain/comment_text.hpp"

#include <optional>
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

}  // namespace

// C0 controls and DEL, plus the C1 range (U+0080..U+009F, encoded as C2 80..C2 9F).
bool has_control_characters(std::string_view s, bool allow_line_breaks) {
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

namespace {

// The code point at s[i] (well-formed UTF-8 already checked), advancing i past it.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

// Marks, isolates and overrides that reorder the text around them: in a name they can make it
// read as someone else's, or turn the words after it backwards.
bool is_bidi_control(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool is_combining_mark(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

// Real scripts stack a few marks on a letter; dozens ("zalgo") spill over the lines around.
constexpr int kMaxMarksInARow = 4;

}  // namespace

bool has_direction_controls(std::string_view s) {
    for (std::size_t i = 0; i < s.size();)
        if (is_bidi_control(next_code_point(s, i))) return true;
    return false;
}

namespace {

std::optional<std::string> unsafe_name_text(std::string_view name) {
    int marks = 0;
    for (std::size_t i = 0; i < name.size();) {
        const char32_t cp = next_code_point(name, i);
        if (is_bidi_control(cp)) return "author_name may not contain direction controls";
        marks = is_combining_mark(cp) ? marks + 1 : 0;
        if (marks > kMaxMarksInARow)
            return "author_name stacks more than " + std::to_string(kMaxMarksInARow) + " combining marks";
    }
    return std::nullopt;
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
    if (has_control_characters(raw, true))
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
    if (has_control_characters(raw, false))
        return field_error(ErrorCode::kInvalid, "Name has control characters", "author_name",
                           "author_name may contain only printable characters on one line");
    const std::string_view name = trim(raw);
    if (name.empty()) return std::string(kNoName);
    if (auto why = unsafe_name_text(name))
        return field_error(ErrorCode::kInvalid, "Name has unsafe characters", "author_name", *why);
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
    if (has_control_characters(page, false))
        return field_error(ErrorCode::kInvalid, "Invalid page key", "page",
                           "page must not contain control characters");
    return std::string(page);
}

}  // namespace tribune::domain
