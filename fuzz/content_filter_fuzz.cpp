// The content filter reads every comment (and the configured banned words) through its own
// UTF-8 decoder. Input: the first line is the banned-word list, comma-separated as configured;
// the rest is the comment text. Checked: the normalised form is well formed, every word of a text
// is found in it when banned, and a text is a duplicate of itself.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "domain/content_filter.hpp"
#include "domain/utf8.hpp"

using namespace tribune;

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= s.size()) {
        const std::size_t end = std::min(s.find(sep, at), s.size());
        out.emplace_back(s.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

void check_normalised(std::string_view input, const std::string& words) {
    if (words.empty()) return;
    fuzz::check(words.front() != ' ' && words.back() != ' ', "normalised text has outer spaces", input);
    fuzz::check(words.find("  ") == std::string::npos, "normalised text has a double space", input);
    if (domain::is_valid_utf8(input))
        fuzz::check(domain::is_valid_utf8(words), "normalised text of valid UTF-8 is not UTF-8", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view list = newline == std::string_view::npos ? std::string_view{} : input.substr(0, newline);
    const std::string_view text = newline == std::string_view::npos ? input : input.substr(newline + 1);

    domain::FilterRules rules;
    rules.banned_words = list.empty() ? std::vector<std::string>{} : split(list, ',');
    rules.max_links = static_cast<int>(size % 4) - 1;  // -1 (no limit) to 2

    const std::string words = domain::normalize_for_matching(text);
    check_normalised(text, words);
    (void)domain::screen_text(text, rules);
    const int links = domain::count_links(text);
    fuzz::check(links >= 0 && static_cast<std::size_t>(links) <= text.size() / 4, "impossible link count", text);

    // Each word of the text, banned on its own, is found in the text. The first 32 words only:
    // each check reads the whole text again, and all of them made one 2 KB input take 10 s on a
    // busy machine (the harness's cost, not the filter's).
    if (domain::is_valid_utf8(text)) {
        int checked = 0;
        for (const std::string& word : split(words, ' ')) {
            if (word.empty()) continue;
            if (++checked > 32) break;
            domain::FilterRules one;
            one.banned_words = {word};
            fuzz::check(domain::matched_banned_word(text, one) == word, "a word of the text is not found when banned",
                        std::string(text) + "\n-- word: " + word);
        }
    }

    std::vector<std::string> recent(rules.banned_words);
    (void)domain::is_duplicate(text, recent);
    recent.emplace_back(text);
    fuzz::check(domain::is_duplicate(text, recent), "a text is not a duplicate of itself", text);
    return 0;
}
