#include "domain/search_text.hpp"

namespace tribune::domain {
namespace {

bool is_word_byte(unsigned char b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80;
}

Error bad_query(const std::string& message) {
    return make_error(ErrorCode::kInvalid, "Invalid search", message, {FieldError{"q", message}});
}

// Every word of q, however many.
std::vector<std::string> all_words(std::string_view q, std::size_t max) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < q.size() && words.size() < max) {
        while (i < q.size() && !is_word_byte(static_cast<unsigned char>(q[i]))) ++i;
        const std::size_t start = i;
        while (i < q.size() && is_word_byte(static_cast<unsigned char>(q[i]))) ++i;
        if (i > start) words.emplace_back(q.substr(start, i - start));
    }
    return words;
}

}  // namespace

Result<std::vector<std::string>> search_words(std::string_view q) {
    if (q.size() > search_limits::kQueryBytes)
        return bad_query("q is longer than " + std::to_string(search_limits::kQueryBytes) + " bytes");
    auto words = all_words(q, search_limits::kTerms + 1);
    if (words.size() > search_limits::kTerms)
        return bad_query("q has more than " + std::to_string(search_limits::kTerms) + " words");
    return words;
}

std::vector<std::string> bounded_search_words(std::string_view q) {
    if (q.size() > search_limits::kQueryBytes) {
        std::size_t end = search_limits::kQueryBytes;  // not inside a character
        while (end > 0 && (static_cast<unsigned char>(q[end]) & 0xC0) == 0x80) --end;
        q = q.substr(0, end);
    }
    return all_words(q, search_limits::kTerms);
}

std::vector<SnippetPart> snippet_parts(std::string_view marked) {
    std::vector<SnippetPart> parts;
    bool highlighted = false;
    std::string run;
    auto flush = [&] {
        if (!run.empty()) parts.push_back({std::move(run), highlighted});
        run.clear();
    };
    for (const char c : marked) {
        if (c == kMarkStart || c == kMarkEnd) {
            flush();
            highlighted = c == kMarkStart;
        } else {
            run += c;
        }
    }
    flush();
    return parts;
}

}  // namespace tribune::domain
