#pragma once
// An article as its author writes it: a Markdown file that opens with front matter, either YAML
// (a subset) between --- lines or TOML between +++ lines, then the body.
//
//   ---
//   title: Quillhaven harbour's new tide gauge is live
//   date: 2026-01-13T09:00:00Z
//   authors: [Maren Oyelaran]
//   tags:
//     - tides
//     - "harbour office"
//   ---
//   The body, in Markdown. Later --- lines are the body's own.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace tribune::app {

/// What an article file says. Text left out is empty; `status` is "published" unless given.
struct ArticleFile {
    std::string title;    // required, not blank
    std::string slug;
    std::string section;
    std::string summary;
    std::string media;    // a path or URL, as written
    std::string media_alt;
    std::string media_caption;
    std::string media_credit;
    std::string status;   // "draft", "published" or "scheduled" (which needs a date)
    std::vector<std::string> authors;  // `authors: Name` is one name
    std::vector<std::string> tags;
    std::optional<domain::Time> date;     // RFC 3339 with an offset, kept as UTC
    std::optional<domain::Time> updated;  // likewise
    std::string body_markdown;  // after the front matter and the blank lines after it; "\r\n" read as "\n"
};

/// The bounds parse_article_file() holds a file to.
inline constexpr std::size_t kMaxArticleFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxArticleListItems = 50;     // authors, tags
inline constexpr std::size_t kMaxArticleValueBytes = 1000;  // each text and each list item

/// Reads an article file: UTF-8 (a leading byte order mark is skipped), "\n" or "\r\n" line ends.
/// Errors (kInvalid, title "Invalid article file", message "line N: what", safe to print, and the
/// key in `fields` when one is at fault): no front matter, a syntax this reader does not support
/// (it says which), an unknown or repeated key, a value of the wrong type, a date that is not
/// RFC 3339 with an offset, an unknown status, a control character in a value, a bound passed,
/// bytes that are not UTF-8.
[[nodiscard]] domain::Result<ArticleFile> parse_article_file(std::string_view text);

}  // namespace tribune::app
