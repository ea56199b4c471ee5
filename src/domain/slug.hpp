#pragma once
// URL slugs for articles, authors, sections and tags.

#include <string>
#include <string_view>

namespace tribune::domain {

/// The slug of a title or a name: transliterated to ASCII (ICU's Any-Latin and Latin-ASCII, so
/// "Café Ölund" becomes "cafe-olund" and "Москва" "moskva"), lower case, every run of other
/// characters one hyphen, no hyphen at either end, at most 120 bytes (cut at a hyphen where one
/// is near). "" when nothing is left (a title of punctuation only): the caller picks a fallback.
std::string slugify(std::string_view text);

}  // namespace tribune::domain
