#include "domain/live_update.hpp"

#include "domain/comment_text.hpp"
#include "domain/utf8.hpp"

namespace tribune::domain {
namespace {

Error invalid(std::string field, std::string message) {
    return make_error(ErrorCode::kInvalid, "Invalid input", message, {FieldError{std::move(field), message}});
}

Result<void> check(std::string_view field, std::string_view text, std::size_t limit, bool multiline) {
    const std::string f(field);
    if (!is_valid_utf8(text)) return invalid(f, f + " is not valid UTF-8");
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return invalid(f, f + " must not be empty");
    if (text.size() > limit) return invalid(f, f + " is longer than " + std::to_string(limit) + " bytes");
    if (has_control_characters(text, multiline) || has_direction_controls(text))
        return invalid(f, multiline ? f + " may not hold control or direction characters"
                                    : f + " may hold only printable characters on one line");
    return {};
}

}  // namespace

Result<void> validate_correction_text(std::string_view text) {
    return check("text", text, coverage_limits::kCorrection, false);
}

Result<void> validate_live_update_body(std::string_view markdown) {
    return check("body_markdown", markdown, coverage_limits::kLiveUpdate, true);
}

}  // namespace tribune::domain
