#pragma once
// What a reader types into search, made safe before any engine sees it, and the highlight
// markers the store's snippets carry.

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace tribune::domain {

namespace search_limits {
inline constexpr std::size_t kQueryBytes = 200;  // longer q: 422
inline constexpr std::size_t kTerms = 10;        // more words: 422
inline constexpr int kMaxDepth = 1000;           // results reachable by paging (offset + limit)
}  // namespace search_limits

/// The words of `q`: runs of ASCII letters and digits and of non-ASCII characters, split at
/// every other ASCII character (quotes, operators, colons, parentheses, stars, hyphens...), so
/// no search syntax survives; the engines' tokenizers fold case and stem them. Empty when `q`
/// holds no word. Errors: kInvalid (field "q") when `q` is longer than kQueryBytes or has more
/// than kTerms words.
Result<std::vector<std::string>> search_words(std::string_view q);

/// search_words without the bounds: at most kTerms words of `q` (for the store, which never
/// trusts its caller to have checked).
std::vector<std::string> bounded_search_words(std::string_view q);

/// A snippet from the store marks each matched word as kMarkStart word kMarkEnd. Neither byte
/// occurs in indexed text: titles and summaries refuse control characters (validate_article)
/// and bodies are indexed as markdown_plain_text, which turns them into spaces.
inline constexpr char kMarkStart = '\x02';
inline constexpr char kMarkEnd = '\x03';

/// One run of a snippet: plain text, highlighted or not.
struct SnippetPart {
    std::string text;
    bool highlighted = false;
    bool operator==(const SnippetPart&) const = default;
};

/// A marked snippet as runs, markers removed (an unpaired marker just ends or starts a run).
std::vector<SnippetPart> snippet_parts(std::string_view marked);

}  // namespace tribune::domain
