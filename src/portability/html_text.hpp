#pragma once
// Imported comments stay plain text: other systems' HTML becomes text by fixed rules, so the same
// file always gives the same comments and nothing a reader wrote is ever kept as markup.

#include <string>
#include <string_view>

namespace tribune::portability {

/// The text of an HTML comment body: each <p> is a paragraph and paragraphs are separated by one
/// blank line; text outside paragraphs forms paragraphs of its own; <br> is a line break; a
/// <blockquote> is its own paragraph with each line prefixed by "> "; <a href="U">T</a> becomes
/// "T (U)", or "U" when T is U (or empty); every other tag is dropped and its text kept (script,
/// style and template contents dropped); character references are decoded; runs of white space
/// inside a paragraph become one space; the result is trimmed. A lone "<" or "&" that is not
/// markup stays as it is (the HTML parsing rules, through libgumbo within bounds: html_parse.hpp).
std::string html_to_text(std::string_view html);

/// The same for a body that is text with some inline HTML, as WordPress keeps comments: each run
/// of text between blank lines is a paragraph and a single line break is a line break.
std::string text_with_html_to_text(std::string_view body);

/// A body kept as the commenter typed it (Isso and Commento keep the Markdown source and render it
/// on output): nothing is parsed, line ends become "\n", blank space around it is trimmed.
std::string typed_text(std::string_view body);

}  // namespace tribune::portability
