#include "app/article_file.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/front_matter.hpp"
#include "domain/utf8.hpp"

namespace tribune::app {

namespace front_matter {

domain::Error error_at(int line, std::string_view what) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid article file",
                              "line " + std::to_string(line) + ": " + std::string(what));
}

}  // namespace front_matter

namespace article_file_reading {
namespace {

using front_matter::Entry;
using front_matter::error_at;
using front_matter::Value;
using Kind = Value::Kind;

// A key and where its value goes: exactly one of the three members is set.
struct KeyRule {
    std::string_view name;
    std::string ArticleFile::*text = nullptr;
    std::vector<std::string> ArticleFile::*list = nullptr;
    std::optional<domain::Time> ArticleFile::*time = nullptr;
    bool one_text_is_a_list = false;  // `authors: Name` for one author
};

const std::array<KeyRule, 13> kKeys{{
    {"title", &ArticleFile::title},
    {"slug", &ArticleFile::slug},
    {"authors", nullptr, &ArticleFile::authors, nullptr, true},
    {"date", nullptr, nullptr, &ArticleFile::date},
    {"section", &ArticleFile::section},
    {"tags", nullptr, &ArticleFile::tags},
    {"summary", &ArticleFile::summary},
    {"media", &ArticleFile::media},
    {"status", &ArticleFile::status},
    {"media_alt", &ArticleFile::media_alt},
    {"media_caption", &ArticleFile::media_caption},
    {"media_credit", &ArticleFile::media_credit},
    {"updated", nullptr, nullptr, &ArticleFile::updated},
}};

std::string known_keys() {
    std::string out;
    for (const auto& rule : kKeys) (out += out.empty() ? "" : ", ") += rule.name;
    return out;
}

domain::Error key_error(int line, std::string_view key, const std::string& what) {
    auto e = error_at(line, std::string(key) + " " + what);
    e.fields.push_back(domain::FieldError{std::string(key), std::string(key) + " " + what});
    return e;
}

// A key as it may appear in a message: shown when it looks like a key, else left out (a TOML key
// may hold any character).
std::string shown_key(std::string_view key) {
    if (key.empty() || key.size() > 64) return "key";
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return "key";
    return "key \"" + std::string(key) + "\"";
}

std::string describe(const Value& v) {
    switch (v.kind) {
        case Kind::kNull: return "nothing";
        case Kind::kText: return "text";
        case Kind::kDateTime: return "a date-time";
        case Kind::kList: return "a list";
        case Kind::kOther: return v.text;
    }
    return "something else";
}

bool is_blank_text(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// C0, DEL and C1 (U+0080-U+009F, "\xC2\x80"-"\xC2\x9F" in UTF-8): none belongs in a title or a name.
bool has_control_character(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u < 0x20 || u == 0x7F) return true;
        if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    }
    return false;
}

// `which`: "" for the key's value, "item 2 " for a list's second item.
std::optional<domain::Error> check_text(int line, std::string_view key, const std::string& which, std::string_view s) {
    if (s.size() > kMaxArticleValueBytes)
        return key_error(line, key, which + "is longer than " + std::to_string(kMaxArticleValueBytes) + " bytes");
    if (!domain::is_valid_utf8(s)) return key_error(line, key, which + "is not valid UTF-8");
    if (has_control_character(s)) return key_error(line, key, which + "contains a control character");
    return std::nullopt;
}

std::optional<domain::Error> apply_list(ArticleFile& out, const KeyRule& rule, const Entry& e) {
    std::vector<Value> single;
    const std::vector<Value>* items = &e.value.items;
    if (e.value.kind == Kind::kText && rule.one_text_is_a_list) {
        single.push_back(e.value);
        items = &single;
    } else if (e.value.kind != Kind::kList) {
        return key_error(e.line, e.key, "must be a list, not " + describe(e.value));
    }
    if (items->size() > kMaxArticleListItems)
        return key_error(e.line, e.key,
                         "has " + std::to_string(items->size()) + " items; at most " +
                             std::to_string(kMaxArticleListItems));
    std::vector<std::string> values;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Value& item = (*items)[i];
        const std::string which = "item " + std::to_string(i + 1) + " ";
        if (item.kind != Kind::kText) return key_error(item.line, e.key, which + "must be text, not " + describe(item));
        if (auto err = check_text(item.line, e.key, which, item.text)) return err;
        if (is_blank_text(item.text)) return key_error(item.line, e.key, which + "is empty");
        values.push_back(item.text);
    }
    out.*rule.list = std::move(values);
    return std::nullopt;
}

std::optional<domain::Error> apply(ArticleFile& out, const KeyRule& rule, const Entry& e) {
    if (e.value.kind == Kind::kNull) return std::nullopt;  // as if left out
    if (rule.list) return apply_list(out, rule, e);
    if (rule.time) {
        if (e.value.kind != Kind::kText && e.value.kind != Kind::kDateTime)
            return key_error(e.line, e.key, "must be a date-time, not " + describe(e.value));
        const auto t = domain::parse_rfc3339_offset(e.value.text);
        if (!t)
            return key_error(e.line, e.key,
                             "is not an RFC 3339 date-time with an offset (e.g. 2026-01-15T12:00:00Z or "
                             "2026-01-15T13:00:00+01:00)");
        out.*rule.time = *t;
        return std::nullopt;
    }
    if (e.value.kind != Kind::kText) return key_error(e.line, e.key, "must be text, not " + describe(e.value));
    if (auto err = check_text(e.line, e.key, "", e.value.text)) return err;
    out.*rule.text = e.value.text;
    return std::nullopt;
}

const KeyRule* find_rule(std::string_view key) {
    for (const auto& rule : kKeys)
        if (rule.name == key) return &rule;
    return nullptr;
}

// Fills `out` from the entries, then checks what involves more than one key.
std::optional<domain::Error> apply_entries(ArticleFile& out, const std::vector<Entry>& entries) {
    std::array<int, kKeys.size()> seen_on{};  // the line a key was first given on, 0: not given
    for (const auto& e : entries) {
        const KeyRule* rule = find_rule(e.key);
        if (!rule) return error_at(e.line, "unknown " + shown_key(e.key) + " (known: " + known_keys() + ")");
        int& first = seen_on[static_cast<std::size_t>(rule - kKeys.data())];
        if (first != 0) return key_error(e.line, e.key, "is given twice (first on line " + std::to_string(first) + ")");
        first = e.line;
        if (auto err = apply(out, *rule, e)) return err;
    }
    const int title_line = seen_on[0];
    if (is_blank_text(out.title)) {
        if (title_line == 0) return key_error(1, "title", "is required; the front matter has none");
        return key_error(title_line, "title", "must not be empty");
    }
    const int status_line = seen_on[static_cast<std::size_t>(find_rule("status") - kKeys.data())];
    if (out.status.empty()) out.status = "published";
    if (out.status != "draft" && out.status != "published" && out.status != "scheduled")
        return key_error(status_line, "status", "must be draft, published or scheduled");
    if (out.status == "scheduled" && !out.date)
        return key_error(status_line, "status", "scheduled needs a date (when to publish)");
    return std::nullopt;
}

// Walks the file line by line: each line without its "\n" or "\r\n", numbered from 1.
class Lines {
public:
    explicit Lines(std::string_view text) : text_(text) {}

    bool next(std::string_view& line) {
        if (pos_ >= text_.size()) return false;
        const std::size_t nl = text_.find('\n', pos_);
        const std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
        line = text_.substr(pos_, end - pos_);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
        ++number_;
        return true;
    }
    int number() const { return number_; }      // of the line next() returned last
    std::size_t offset() const { return pos_; }  // where the next line starts

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int number_ = 0;
};

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<domain::Error> check_utf8(std::string_view text) {
    if (domain::is_valid_utf8(text)) return std::nullopt;
    Lines lines(text);
    for (std::string_view line; lines.next(line);)
        if (!domain::is_valid_utf8(line)) return error_at(lines.number(), "the text is not valid UTF-8");
    return error_at(lines.number(), "the text is not valid UTF-8");
}

// The body: what follows the closing delimiter (where `lines` stands), less the blank lines that
// separate them, with "\r\n" read as "\n".
std::string body_after(std::string_view text, Lines lines) {
    std::size_t start = lines.offset();
    for (std::string_view line; lines.next(line) && is_blank_text(line);) start = lines.offset();
    std::string body;
    body.reserve(text.size() - start);
    for (std::size_t i = start; i < text.size(); ++i)
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) body += text[i];
    return body;
}

domain::Result<ArticleFile> parse(std::string_view text) {
    if (text.size() > kMaxArticleFileBytes)
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid article file",
                                  "the file is larger than 1 MiB (" + std::to_string(kMaxArticleFileBytes) + " bytes)");
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (auto err = check_utf8(text)) return *err;

    Lines lines(text);
    std::string_view line;
    const std::string_view opening = lines.next(line) ? trim_right(line) : std::string_view{};
    if (opening != "---" && opening != "+++")
        return error_at(1,
                        "an article file starts with front matter between --- lines (YAML) or +++ lines "
                        "(TOML), which gives at least the title");
    std::string front;
    bool closed = false;
    while (!closed && lines.next(line)) {
        closed = trim_right(line) == opening;
        if (!closed) (front += line) += '\n';
    }
    if (!closed) return error_at(1, "the front matter opened here with " + std::string(opening) + " is never closed");
    auto entries = opening == "---" ? front_matter::read_yaml(front, 2) : front_matter::read_toml(front, 2);
    if (!entries) return entries.error();

    ArticleFile out;
    if (auto err = apply_entries(out, *entries)) return *err;
    out.body_markdown = body_after(text, lines);
    return out;
}

}  // namespace
}  // namespace article_file_reading

domain::Result<ArticleFile> parse_article_file(std::string_view text) { return article_file_reading::parse(text); }

}  // namespace tribune::app
