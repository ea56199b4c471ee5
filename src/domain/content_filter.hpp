#pragma once
// Content filters for reader comments: banned words, link count, duplicate text. A text that trips
// a filter is not refused: it is held for moderation with the reason these functions give.

#include <string>
#include <string_view>
#include <vector>

namespace tribune::domain {

/// What the filters hold a comment for.
struct FilterRules {
    std::vector<std::string> banned_words;  // words or phrases, in any case, accents, script
    int max_links = 2;                      // <0: no limit
};

/// The text reduced to what a reader sees, for matching: ASCII letters and digits lower-cased;
/// Latin-1 and Latin Extended-A letters stripped of accents (é→e, ß→ss, æ→ae, ł→l); Greek and
/// Cyrillic look-alikes, fullwidth ASCII and leetspeak (0→o 1→i 3→e 4→a 5→s 7→t @→a $→s) mapped to
/// Latin letters; zero-width characters, soft hyphens and combining marks dropped. Anything else
/// that is not a letter or digit is a separator; the result holds words separated by one space,
/// without leading or trailing space. Letters of other scripts are kept (Greek and Cyrillic
/// lower-cased). Precondition: `utf8` is valid UTF-8 (invalid bytes are dropped).
std::string normalize_for_matching(std::string_view utf8);

/// The first of `rules.banned_words` (as configured) that the text contains on word boundaries,
/// both normalised with normalize_for_matching: "class" does not contain "ass", "Crétin" and
/// "сrеtin" (Cyrillic с, е) contain "cretin", a phrase matches as a phrase. Runs of single letters
/// also match joined up ("a.s.s" and "a s s" contain "ass"). A banned word with no letter or digit
/// matches as a plain substring. Empty when no word matches.
std::string matched_banned_word(std::string_view text, const FilterRules& rules);

/// How many links the text holds: occurrences of "http://", "https://" and "www." in any case;
/// a "www." right after a scheme, or right after a letter or digit ("awww."), starts no link.
int count_links(std::string_view text);

/// Why the text should be held for review, shown to moderators: `banned word "xyz"` or
/// `too many links (4, limit 2)`; empty when it passes.
std::string screen_text(std::string_view text, const FilterRules& rules);

/// Whether `text` says the same as one of `recent_texts` (the same author's recent comments),
/// ignoring case, accents, whitespace and punctuation. Texts without any letter or digit are
/// compared with whitespace removed.
bool is_duplicate(std::string_view text, const std::vector<std::string>& recent_texts);

}  // namespace tribune::domain
