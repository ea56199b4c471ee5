// The YAML subset of front matter: `key: value` lines at the left margin, a value plain or quoted,
// lists inline ([a, "b, c"]) or as `- item` lines under their key, comments and blank lines.
// Everything else YAML has (nesting, anchors, tags, multi-line values) is refused by name, so a
// file never means one thing here and another in a YAML tool. Plain values resolve as YAML 1.2's
// core schema does: `42`, `true` or `null` are not text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/front_matter.hpp"
#include "domain/utf8.hpp"

namespace tribune::app::front_matter {
namespace yaml_subset {
namespace {

using Kind = Value::Kind;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    return s;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
    if (s.empty()) return false;
    for (char c : s)
        if (!pred(c)) return false;
    return true;
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// What YAML 1.2's core schema makes of a plain scalar other than text; nullopt: text.
std::optional<Value> resolve_plain(std::string_view s, int line) {
    auto other = [line](std::string what) { return Value{Kind::kOther, line, std::move(what), {}}; };
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value{Kind::kNull, line, {}, {}};
    if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
        return other("true or false");
    std::string_view n = s;
    if (n.starts_with("0o") && all_of(n.substr(2), is_octal)) return other("a number");
    if (n.starts_with("0x") && all_of(n.substr(2), is_hex)) return other("a number");
    if (!n.empty() && (n.front() == '+' || n.front() == '-')) n.remove_prefix(1);
    if (n == ".inf" || n == ".Inf" || n == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
        return other("a number");
    // [0-9]+ | [0-9]+.[0-9]* | .[0-9]+, then an optional exponent.
    std::size_t i = 0, digits = 0;
    while (i < n.size() && is_digit(n[i])) ++i, ++digits;
    if (i < n.size() && n[i] == '.') {
        ++i;
        while (i < n.size() && is_digit(n[i])) ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (i < n.size() && (n[i] == 'e' || n[i] == 'E')) {
        ++i;
        if (i < n.size() && (n[i] == '+' || n[i] == '-')) ++i;
        if (i == n.size() || !all_of(n.substr(i), is_digit)) return std::nullopt;
        i = n.size();
    }
    if (i != n.size()) return std::nullopt;
    return other("a number");
}

// Reads the values of one line, left to right. Every failure is an error naming the line.
class LineReader {
public:
    LineReader(std::string_view rest, int line) : rest_(rest), line_(line) {}

    std::string_view rest() const { return rest_; }
    const std::optional<domain::Error>& error() const { return error_; }

    // A value after `key:` (a list allowed) or `- ` (no list), then the end of the line.
    std::optional<Value> value_to_end(bool list_allowed) {
        std::optional<Value> v;
        if (!rest_.empty() && rest_.front() == '[') {
            if (!list_allowed) return fail("a list inside a list is not supported");
            v = flow_list();
        } else {
            v = scalar(false);
        }
        if (!v || !end_of_line()) return std::nullopt;
        return v;
    }

private:
    std::optional<Value> fail(std::string_view what) {
        if (!error_) error_ = error_at(line_, what);
        return std::nullopt;
    }

    // Only blanks and a comment may follow a value; a comment needs a blank before its #.
    bool end_of_line() {
        const std::string_view after = trim_left(rest_);
        if (after.empty()) return true;
        if (after.front() == '#' && after.size() < rest_.size()) return true;
        fail("unexpected text after the value (quote a value that contains quotes, [ or #)");
        return false;
    }

    // A scalar: quoted, or plain up to a comment (and in a [ ] list, up to , or ]).
    std::optional<Value> scalar(bool in_flow) {
        if (rest_.empty()) return fail("a value is missing");
        const char c = rest_.front();
        if (c == '"') return double_quoted();
        if (c == '\'') return single_quoted();
        if (c == '[' || c == '{')
            return fail(c == '[' ? "a list inside a list is not supported" : "mappings in { } are not supported");
        if (c == '&') return fail("anchors (&) are not supported");
        if (c == '*') return fail("aliases (*) are not supported");
        if (c == '!') return fail("tags (!) are not supported");
        if (c == '|' || c == '>') return fail("multi-line values (| and >) are not supported");
        if (c == '#' || c == '%' || c == '@' || c == '`' || c == ',' || c == ']' || c == '}')
            return fail("a value may not start with # % @ ` , ] or } (quote it)");
        if ((c == '-' || c == '?' || c == ':') && (rest_.size() == 1 || is_blank(rest_[1]))) {
            if (c == '-') return fail("a list item must be on its own line under its key, or the list in [ ]");
            return fail("complex keys (? and :) are not supported");
        }
        std::size_t end = 0;
        for (; end < rest_.size(); ++end) {
            const char d = rest_[end];
            if (d == '#' && end > 0 && is_blank(rest_[end - 1])) break;
            if (d == ':' && (end + 1 == rest_.size() || is_blank(rest_[end + 1]) ||
                             (in_flow && (rest_[end + 1] == ',' || rest_[end + 1] == ']'))))
                return fail("a value may not contain \": \" (quote it; nested mappings are not supported)");
            if (in_flow && (d == ',' || d == ']')) break;
            if (in_flow && (d == '[' || d == '{' || d == '}'))
                return fail("a value in [ ] may not contain [ { or } (quote it)");
        }
        const std::string_view text = trim_right(rest_.substr(0, end));
        rest_.remove_prefix(text.size());  // the blanks stay: they separate a comment
        if (auto resolved = resolve_plain(text, line_)) return resolved;
        return Value{Kind::kText, line_, std::string(text), {}};
    }

    std::optional<Value> single_quoted() {
        std::string out;
        for (std::size_t i = 1; i < rest_.size(); ++i) {
            if (rest_[i] != '\'') {
                out += rest_[i];
            } else if (i + 1 < rest_.size() && rest_[i + 1] == '\'') {
                out += '\'';
                ++i;
            } else {
                rest_.remove_prefix(i + 1);
                return Value{Kind::kText, line_, std::move(out), {}};
            }
        }
        return fail("a quoted value must end on its line (multi-line values are not supported)");
    }

    std::optional<Value> double_quoted() {
        std::string out;
        std::size_t i = 1;
        while (i < rest_.size() && rest_[i] != '"') {
            if (rest_[i] != '\\') {
                out += rest_[i++];
                continue;
            }
            if (i + 1 == rest_.size()) break;
            const char e = rest_[i + 1];
            i += 2;
            switch (e) {
                case '0': out += '\0'; break;
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 't': case '\t': out += '\t'; break;
                case 'n': out += '\n'; break;
                case 'v': out += '\v'; break;
                case 'f': out += '\f'; break;
                case 'r': out += '\r'; break;
                case 'e': out += '\x1b'; break;
                case ' ': case '"': case '/': case '\\': out += e; break;
                case 'N': domain::append_utf8(out, 0x85); break;
                case '_': domain::append_utf8(out, 0xA0); break;
                case 'L': domain::append_utf8(out, 0x2028); break;
                case 'P': domain::append_utf8(out, 0x2029); break;
                case 'x': case 'u': case 'U': {
                    const std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > rest_.size() || !all_of(rest_.substr(i, n), is_hex))
                        return fail("an escape \\x, \\u or \\U needs 2, 4 or 8 hex digits");
                    const auto cp = static_cast<std::uint32_t>(std::stoul(std::string(rest_.substr(i, n)), nullptr, 16));
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        return fail("an escape names no Unicode character");
                    domain::append_utf8(out, cp);
                    i += n;
                    break;
                }
                default: return fail("an unknown escape in a quoted value (write \\\\ for a backslash)");
            }
        }
        if (i >= rest_.size()) return fail("a quoted value must end on its line (multi-line values are not supported)");
        rest_.remove_prefix(i + 1);
        return Value{Kind::kText, line_, std::move(out), {}};
    }

    // [a, "b, c"]: scalars only, on one line; a trailing comma is allowed, an empty item is not.
    std::optional<Value> flow_list() {
        Value list{Kind::kList, line_, {}, {}};
        rest_.remove_prefix(1);
        for (;;) {
            rest_ = trim_left(rest_);
            if (rest_.empty()) return fail("a list in [ ] must end on its line");
            if (rest_.front() == ']') break;
            if (rest_.front() == ',') return fail("an empty item in a list");
            auto item = scalar(true);
            if (!item) return std::nullopt;
            if (item->kind == Kind::kNull) return fail("an empty item in a list");
            list.items.push_back(std::move(*item));
            rest_ = trim_left(rest_);
            if (rest_.empty()) return fail("a list in [ ] must end on its line");
            if (rest_.front() == ']') break;
            if (rest_.front() != ',') return fail("items in [ ] are separated by commas");
            rest_.remove_prefix(1);
        }
        rest_.remove_prefix(1);
        return list;
    }

    std::string_view rest_;
    int line_;
    std::optional<domain::Error> error_;
};

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

bool has_control_character(std::string_view line) {
    for (char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F) return true;
    }
    return false;
}

// Refuses what YAML would read differently from us, by name, at the start of a line.
std::optional<std::string_view> unsupported_line_start(std::string_view s) {
    if (s.starts_with("---") || s.starts_with("...")) return "a second document (--- or ...) is not supported";
    if (s.front() == '%') return "directives (%) are not supported";
    if (s.front() == '?') return "complex keys (?) are not supported";
    if (s.front() == '"' || s.front() == '\'') return "quoted keys are not supported";
    if (s.front() == '&' || s.front() == '*' || s.front() == '!')
        return "anchors, aliases and tags (& * !) are not supported";
    return std::nullopt;
}

domain::Result<std::vector<Entry>> read(std::string_view text, int first_line) {
    std::vector<Entry> entries;
    // The entry whose value is still open to `- item` lines (a key with nothing after its colon).
    bool list_open = false;
    constexpr std::size_t kNotYet = std::string_view::npos;
    std::size_t list_indent = kNotYet;  // the indentation of the open list's items
    int line = first_line - 1;
    while (!text.empty()) {
        ++line;
        const std::size_t nl = text.find('\n');
        const std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);

        if (has_control_character(raw)) return error_at(line, "a control character (only tabs may appear)");
        const std::string_view content = trim_right(raw);
        std::size_t indent = 0;
        while (indent < content.size() && content[indent] == ' ') ++indent;
        const std::string_view rest = content.substr(indent);
        if (rest.empty() || rest.front() == '#') continue;
        if (rest.front() == '\t') return error_at(line, "a tab in the indentation (YAML allows spaces only)");

        if (rest.front() == '-' && (rest.size() == 1 || is_blank(rest[1]))) {
            if (!list_open) return error_at(line, "a list item must follow a key with nothing after its colon");
            if (list_indent != kNotYet && list_indent != indent) return error_at(line, "the items of a list must line up");
            list_indent = indent;
            LineReader reader(trim_left(rest.substr(1)), line);
            if (reader.rest().empty() || reader.rest().front() == '#') return error_at(line, "an empty list item");
            auto item = reader.value_to_end(false);
            if (!item) return *reader.error();
            if (item->kind == Value::Kind::kNull) return error_at(line, "an empty list item");
            Value& list = entries.back().value;
            list.kind = Value::Kind::kList;
            list.items.push_back(std::move(*item));
            continue;
        }
        if (indent > 0) return error_at(line, "unexpected indentation (nested keys and multi-line values are not supported)");
        if (auto why = unsupported_line_start(rest)) return error_at(line, *why);

        std::size_t k = 0;
        while (k < rest.size() && is_key_char(rest[k])) ++k;
        std::size_t colon = k;
        while (colon < rest.size() && is_blank(rest[colon])) ++colon;
        if (k == 0 || colon == rest.size() || rest[colon] != ':' ||
            (colon + 1 < rest.size() && !is_blank(rest[colon + 1])))
            return error_at(line, "expected \"key: value\"");
        Entry entry{std::string(rest.substr(0, k)), line, Value{Value::Kind::kNull, line, {}, {}}};
        const std::string_view after = trim_left(rest.substr(colon + 1));
        list_open = after.empty() || after.front() == '#';
        list_indent = kNotYet;
        if (!list_open) {
            LineReader reader(after, line);
            auto value = reader.value_to_end(true);
            if (!value) return *reader.error();
            entry.value = std::move(*value);
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace
}  // namespace yaml_subset

domain::Result<std::vector<Entry>> read_yaml(std::string_view text, int first_line) {
    return yaml_subset::read(text, first_line);
}

}  // namespace tribune::app::front_matter
