#include "domain/slug.hpp"

#include <memory>
#include <mutex>

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "domain/article.hpp"

namespace tribune::domain {
namespace {

// One transliterator for the process: building one parses ICU's rules (milliseconds), and
// slugs are made only when something is saved, so a lock costs nothing that matters.
struct Ascii {
    std::mutex mutex;
    std::unique_ptr<icu::Transliterator> to_ascii;

    Ascii() {
        UErrorCode status = U_ZERO_ERROR;
        to_ascii.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD,
                                                           status));
        if (U_FAILURE(status)) to_ascii.reset();  // no ICU data: ASCII letters and digits only
    }
};

std::string transliterated(std::string_view text) {
    static Ascii ascii;
    if (!ascii.to_ascii) return std::string(text);
    auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    {
        std::lock_guard lock(ascii.mutex);
        ascii.to_ascii->transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    return out;
}

}  // namespace

std::string slugify(std::string_view text) {
    // Bounded input: a slug needs the first words only, and ICU's cost grows with the text.
    const std::string ascii = transliterated(text.substr(0, 4 * article_limits::kSlug));
    std::string slug;
    bool gap = false;
    for (const char raw : ascii) {
        char c = raw;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!keep) {
            gap = !slug.empty();
            continue;
        }
        if (gap) slug.push_back('-');
        gap = false;
        slug.push_back(c);
        if (slug.size() >= article_limits::kSlug) break;
    }
    if (slug.size() > article_limits::kSlug) slug.resize(article_limits::kSlug);
    // Cut at the last hyphen in the final fifth rather than in the middle of a word.
    if (slug.size() == article_limits::kSlug) {
        const auto hyphen = slug.rfind('-');
        if (hyphen != std::string::npos && hyphen > article_limits::kSlug * 4 / 5) slug.resize(hyphen);
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return slug;
}

}  // namespace tribune::domain
