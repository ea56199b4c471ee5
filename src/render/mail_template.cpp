#include "render/mail_template.hpp"

#include <algorithm>

#include "domain/utf8.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

constexpr std::string_view kSubjectPrefix = "Subject: ";
constexpr std::size_t kMaxSubjectBytes = 300;
constexpr std::size_t kMaxPlaceholderBytes = 64;

// Calls `literal(text)` and `placeholder(name)` in order over `s`. False with `error` set on an
// unclosed or malformed placeholder.
template <class Literal, class Placeholder>
bool walk_template(std::string_view s, Literal literal, Placeholder placeholder, std::string& error) {
    std::size_t at = 0;
    while (at < s.size()) {
        const auto open = s.find("{{", at);
        if (open == std::string_view::npos) {
            literal(s.substr(at));
            return true;
        }
        literal(s.substr(at, open - at));
        const auto close = s.find("}}", open + 2);
        if (close == std::string_view::npos) {
            error = "a \"{{\" is not closed";
            return false;
        }
        std::string_view name = s.substr(open + 2, close - open - 2);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        const bool word = !name.empty() && name.size() <= kMaxPlaceholderBytes &&
                          std::all_of(name.begin(), name.end(), [](char c) {
                              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                          });
        if (!word) {
            error = "a placeholder must be {{lowercase_name}}";
            return false;
        }
        if (!placeholder(name)) {
            error = "unknown placeholder {{" + std::string(name) + "}}";
            return false;
        }
        at = close + 2;
    }
    return true;
}

bool check_placeholders(std::string_view s, const std::vector<std::string_view>& allowed, std::string& error) {
    return walk_template(
        s, [](std::string_view) {},
        [&](std::string_view name) { return std::find(allowed.begin(), allowed.end(), name) != allowed.end(); }, error);
}

enum class Part { kSubject, kText, kHtml };

std::string fill_part(std::string_view s, const MailValues& values, Part part) {
    std::string out;
    std::string ignored;
    walk_template(
        s, [&](std::string_view lit) { out += lit; },
        [&](std::string_view name) {
            auto it = values.find(name);
            if (it == values.end()) return true;
            const MailValue& v = it->second;
            if (part == Part::kHtml) {
                if (v.html) out += *v.html;
                else append_escaped(out, v.text);
            } else if (part == Part::kSubject) {
                for (char c : v.text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
            } else {
                out += v.text;
            }
            return true;
        },
        ignored);
    return out;
}

// Cuts `s` to at most `max` bytes at a UTF-8 boundary.
void cut_utf8(std::string& s, std::size_t max) {
    if (s.size() <= max) return;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s.resize(end);
}

}  // namespace

std::optional<MailTemplate> parse_mail_template(std::string_view txt, std::string_view html,
                                                const std::vector<std::string_view>& allowed, std::string& error) {
    if (!domain::is_valid_utf8(txt) || !domain::is_valid_utf8(html)) {
        error = "the files must be UTF-8";
        return std::nullopt;
    }
    if (txt.substr(0, kSubjectPrefix.size()) != kSubjectPrefix) {
        error = "the .txt file must begin with a \"Subject: \" line";
        return std::nullopt;
    }
    auto end_of_line = txt.find('\n');
    if (end_of_line == std::string_view::npos) {
        error = "the .txt file needs a blank line after its Subject line, then the body";
        return std::nullopt;
    }
    MailTemplate t;
    t.subject = std::string(txt.substr(kSubjectPrefix.size(), end_of_line - kSubjectPrefix.size()));
    if (!t.subject.empty() && t.subject.back() == '\r') t.subject.pop_back();
    std::string_view rest = txt.substr(end_of_line + 1);
    if (rest.substr(0, 2) == "\r\n") rest.remove_prefix(2);
    else if (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
    else {
        error = "the .txt file needs a blank line after its Subject line";
        return std::nullopt;
    }
    t.text = std::string(rest);
    t.html = std::string(html);
    for (const std::string* part : {&t.subject, &t.text, &t.html})
        if (!check_placeholders(*part, allowed, error)) return std::nullopt;
    return t;
}

FilledMail fill_mail(const MailTemplate& t, const MailValues& values) {
    FilledMail m;
    m.subject = fill_part(t.subject, values, Part::kSubject);
    cut_utf8(m.subject, kMaxSubjectBytes);
    m.text = fill_part(t.text, values, Part::kText);
    m.html = fill_part(t.html, values, Part::kHtml);
    return m;
}

}  // namespace tribune::render
