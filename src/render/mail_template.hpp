#pragma once
// Mail templates: the words of every notification mail, as files a newsroom can override
// without rebuilding. A template is two texts: `<name>.txt` ("Subject: ..." on its first line,
// a blank line, then the plain-text body) and `<name>.html` (the HTML body). Both hold
// placeholders, {{name}}, filled with values: in the HTML body every value is escaped (a value
// may carry its own already-safe HTML form, built by us, never by a reader); in the subject,
// line breaks and control characters become spaces. Nothing a reader wrote is ever markup.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::render {

/// One value of a placeholder: its text, and optionally the HTML to use in the HTML body (only
/// for HTML we build from escaped parts, such as a list of items).
struct MailValue {
    MailValue() = default;
    MailValue(std::string t) : text(std::move(t)) {}  // NOLINT: a plain value reads as its text
    MailValue(const char* t) : text(t) {}              // NOLINT
    MailValue(std::string t, std::string h) : text(std::move(t)), html(std::move(h)) {}
    std::string text;
    std::optional<std::string> html;
};
using MailValues = std::map<std::string, MailValue, std::less<>>;

/// A template read from its two files.
struct MailTemplate {
    std::string subject;
    std::string text;
    std::string html;
};

/// What a filled template gives: the three parts of a mail.
struct FilledMail {
    std::string subject;
    std::string text;
    std::string html;
};

/// Reads a template from the bytes of its two files. Errors (as a message naming the problem):
/// a .txt without the "Subject: " line and blank line, a placeholder not in `allowed`, an
/// unclosed "{{", a file that is not UTF-8.
std::optional<MailTemplate> parse_mail_template(std::string_view txt, std::string_view html,
                                                const std::vector<std::string_view>& allowed, std::string& error);

/// Fills `t` with `values`; a placeholder without a value becomes "".
FilledMail fill_mail(const MailTemplate& t, const MailValues& values);

}  // namespace tribune::render
