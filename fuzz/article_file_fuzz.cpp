// Article files come from authors, and perhaps one day over the network: parse_article_file holds
// every file to its bounds (article_file.hpp), its messages are safe to print, and "\r\n" line
// ends mean what "\n" ones do.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/article_file.hpp"
#include "check.hpp"
#include "domain/utf8.hpp"

using namespace tribune;

namespace {

void check_value(std::string_view s, std::string_view text) {
    fuzz::check(s.size() <= app::kMaxArticleValueBytes, "a value over the bound", text);
    fuzz::check(domain::is_valid_utf8(s), "a value that is not UTF-8", text);
    for (char c : s) fuzz::check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "a control character in a value", text);
}

void check_list(const std::vector<std::string>& list, std::string_view text) {
    fuzz::check(list.size() <= app::kMaxArticleListItems, "a list over the bound", text);
    for (const auto& item : list) {
        check_value(item, text);
        fuzz::check(!item.empty(), "an empty list item", text);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = app::parse_article_file(text);
    if (parsed) {
        const auto& a = *parsed;
        for (const auto* s : {&a.title, &a.slug, &a.section, &a.summary, &a.media, &a.media_alt, &a.media_caption,
                              &a.media_credit, &a.status})
            check_value(*s, text);
        fuzz::check(a.title.find_first_not_of(" \t") != std::string::npos, "a blank title", text);
        fuzz::check(a.status == "draft" || a.status == "published" || a.status == "scheduled", "an unknown status", text);
        fuzz::check(a.status != "scheduled" || a.date.has_value(), "scheduled without a date", text);
        check_list(a.authors, text);
        check_list(a.tags, text);
        fuzz::check(domain::is_valid_utf8(a.body_markdown), "a body that is not UTF-8", text);
    } else {
        const auto& e = parsed.error();
        fuzz::check(e.code == domain::ErrorCode::kInvalid, "an error other than kInvalid", text);
        for (char c : e.message)
            fuzz::check(c >= 0x20 && c < 0x7F, "a message with a byte that is not printable ASCII", e.message);
    }

    // The same file with "\r\n" line ends reads the same (its own "\r"s would blur the comparison).
    if (text.find('\r') == std::string_view::npos && size <= app::kMaxArticleFileBytes / 2) {
        std::string crlf;
        for (char c : text) crlf += c == '\n' ? std::string_view("\r\n") : std::string_view(&c, 1);
        const auto again = app::parse_article_file(crlf);
        fuzz::check(again.has_value() == parsed.has_value(), "CRLF changes whether a file reads", text);
        if (parsed && again) {
            fuzz::check(again->title == parsed->title && again->tags == parsed->tags &&
                            again->body_markdown == parsed->body_markdown && again->date == parsed->date,
                        "CRLF changes what a file says", text);
        } else if (!parsed && !again) {
            fuzz::check(again.error().message == parsed.error().message, "CRLF changes the error", text);
        }
    }
    return 0;
}
