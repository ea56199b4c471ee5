#include "portability/xml_text.hpp"

#include "domain/xml_text.hpp"

#include <cstdint>
#include <cstdio>

namespace tribune::portability {

using domain::append_xml_escaped;
std::string text_to_html(std::string_view text) {
    std::string out;
    std::string paragraph;  // escaped, lines joined by <br>
    std::string line;
    bool pending_break = false;
    auto end_paragraph = [&] {
        if (!paragraph.empty()) out += "<p>" + paragraph + "</p>";
        paragraph.clear();
        pending_break = false;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view raw = text.substr(start, nl - start);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (raw.find_first_not_of(" \t") == std::string_view::npos) {
            end_paragraph();
        } else {
            if (pending_break) paragraph += "<br>";
            append_xml_escaped(paragraph, raw);
            pending_break = true;
        }
        start = nl + 1;
    }
    end_paragraph();
    return out;
}

std::string wordpress_date(domain::Time t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

}  // namespace tribune::portability
