#pragma once
// An article file's front matter read into key-value entries, before any key is checked: one
// reader for the YAML subset (between --- lines), one for TOML (between +++ lines). What the keys
// mean, and which are allowed, is app/article_file.cpp's business.

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace tribune::app::front_matter {

/// A value as written, with the file line it starts on (1-based).
struct Value {
    enum class Kind {
        kNull,      // nothing after the key (YAML), null or ~
        kText,      // text (`text`)
        kDateTime,  // a TOML date-time with an offset, as RFC 3339 text (`text`)
        kList,      // a list (`items`: each a kText or a kOther)
        kOther,     // anything else; `text` says what, for a message ("a number")
    };
    Kind kind = Kind::kNull;
    int line = 0;
    std::string text;
    std::vector<Value> items;
};

/// One `key: value` (YAML) or `key = value` (TOML) at the top level.
struct Entry {
    std::string key;
    int line = 0;
    Value value;
};

/// Reads the lines between the --- delimiters. `text` holds them with "\n" line ends (no "\r"),
/// `first_line` is the file's line number of the first. Entries come in file order; a key may come
/// twice (the caller says so). Errors: kInvalid, "line N: ...", naming what is not supported.
domain::Result<std::vector<Entry>> read_yaml(std::string_view text, int first_line);

/// Reads the lines between the +++ delimiters as TOML, as read_yaml does. Entries in file order.
domain::Result<std::vector<Entry>> read_toml(std::string_view text, int first_line);

/// The error every part of the article file reader returns: kInvalid, message "line N: what".
/// `what` is ours, or input reduced to printable ASCII: safe to print.
domain::Error error_at(int line, std::string_view what);

}  // namespace tribune::app::front_matter
