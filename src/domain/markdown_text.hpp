#pragma once
// An article body's words without its Markdown: what the search index holds, so a search
// snippet reads as prose ("the harbour reopened") rather than as source ("**the** [harbour](...)").

#include <string>
#include <string_view>

namespace tribune::domain {

/// The text of Markdown `md` as a reader sees it: headings, paragraphs, list items, quotes,
/// table cells and code each on their own line, link and image text kept (their URLs and raw
/// HTML dropped). Control characters (except line breaks) become spaces, so the snippet
/// markers of search (domain/search_text.hpp) never occur in it. Throws std::bad_alloc only.
std::string markdown_plain_text(std::string_view md);

/// Registers cmark-gfm's extensions (tables, strikethrough, autolinks) in its global registry,
/// once per process: the registry is not safe to fill from two threads, so every user of the
/// extensions (this file and render/markdown.cpp) goes through here.
void register_markdown_extensions();

}  // namespace tribune::domain
