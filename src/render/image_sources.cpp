#include "render/image_sources.hpp"

#include <algorithm>

#include "render/html_escape.hpp"

namespace tribune::render {

void append_srcset(std::string& out, const std::vector<ImageSource>& sources, std::string_view sizes) {
    std::vector<const ImageSource*> usable;
    for (const auto& s : sources)
        if (s.width > 0 && is_safe_url(s.url) && s.url.find_first_of(", ") == std::string::npos) usable.push_back(&s);
    if (usable.size() < 2) return;
    std::sort(usable.begin(), usable.end(), [](const ImageSource* a, const ImageSource* b) { return a->width < b->width; });
    out += " srcset=\"";
    for (std::size_t i = 0; i < usable.size(); ++i) {
        if (i > 0) out += ", ";
        append_escaped(out, usable[i]->url);
        out += " " + std::to_string(usable[i]->width) + "w";
    }
    out += "\" sizes=\"";
    append_escaped(out, sizes);
    out += "\"";
}

}  // namespace tribune::render
