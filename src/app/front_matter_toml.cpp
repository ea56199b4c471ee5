// TOML front matter, read by toml++ (the only file of the reader that includes it: it is heavy).
// TOML's own rules (one definition per key, typed values) hold; what the keys may be is checked by
// app/article_file.cpp, which also sees an offset date-time as RFC 3339 text.

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "app/front_matter.hpp"

namespace tribune::app::front_matter {
namespace toml_reader {
namespace {

using Kind = Value::Kind;

// toml++'s message may quote the input: keep printable ASCII only, and not too much of it.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 200)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
    return out;
}

std::string rfc3339(const toml::date_time& dt) {
    char buf[48];
    const int offset = dt.offset->minutes;
    const int abs_offset = std::abs(offset);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09u%c%02d:%02d", static_cast<int>(dt.date.year),
                  static_cast<int>(dt.date.month), static_cast<int>(dt.date.day), static_cast<int>(dt.time.hour),
                  static_cast<int>(dt.time.minute), static_cast<int>(dt.time.second),
                  static_cast<unsigned>(dt.time.nanosecond), offset < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
    return buf;
}

Value other_at(int line, std::string what) { return Value{Kind::kOther, line, std::move(what), {}}; }

Value to_value(const toml::node& node, int first_line) {
    const int line = first_line + static_cast<int>(node.source().begin.line) - 1;
    auto other = [line](std::string what) { return other_at(line, std::move(what)); };
    if (const auto* s = node.as_string()) return Value{Kind::kText, line, s->get(), {}};
    if (const auto* dt = node.as_date_time()) {
        if (!dt->get().offset) return other("a local date-time (add Z or an offset such as +01:00)");
        return Value{Kind::kDateTime, line, rfc3339(dt->get()), {}};
    }
    if (const auto* a = node.as_array()) {
        Value list{Kind::kList, line, {}, {}};
        for (const auto& item : *a) {
            Value v = to_value(item, first_line);
            if (v.kind == Kind::kList) v = other_at(v.line, "a list");
            if (v.kind == Kind::kDateTime) v = other_at(v.line, "a date-time");
            list.items.push_back(std::move(v));
        }
        return list;
    }
    if (node.is_integer() || node.is_floating_point()) return other("a number");
    if (node.is_boolean()) return other("true or false");
    if (node.is_date()) return other("a date without a time");
    if (node.is_time()) return other("a time without a date");
    return other("a table");
}

domain::Result<std::vector<Entry>> read(std::string_view text, int first_line) {
    toml::table doc;
    try {
        doc = toml::parse(text);
    } catch (const toml::parse_error& e) {
        return error_at(first_line + static_cast<int>(e.source().begin.line) - 1, printable(e.description()));
    }
    std::vector<Entry> entries;
    for (const auto& [key, node] : doc) {
        Value value = to_value(node, first_line);
        const int line = first_line + static_cast<int>(key.source().begin.line) - 1;
        entries.push_back(Entry{std::string(key.str()), line, std::move(value)});
    }
    // A table keeps its keys sorted; the first error should be the first in the file.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.line < b.line; });
    return entries;
}

}  // namespace
}  // namespace toml_reader

domain::Result<std::vector<Entry>> read_toml(std::string_view text, int first_line) {
    return toml_reader::read(text, first_line);
}

}  // namespace tribune::app::front_matter
