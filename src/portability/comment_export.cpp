#include "portability/comment_export.hpp"

#include "portability/xml_text.hpp"

namespace tribune::portability {

void append_element(std::string& out, std::string_view name, std::string_view text) {
    out += '<';
    out += name;
    out += '>';
    append_xml_escaped(out, text);
    out += "</";
    out += name;
    out += '>';
}

domain::Result<void> written(std::ostream& out) {
    if (out.good()) return {};
    return domain::make_error(domain::ErrorCode::kUnavailable, "Export failed",
                              "cannot write the export (is the disk full?)");
}

std::string page_link(std::string_view base_url, std::string_view page) {
    std::string out(base_url);
    while (!out.empty() && out.back() == '/') out.pop_back();
    if (page.empty() || page.front() != '/') out += '/';
    out += page;
    return out;
}

}  // namespace tribune::portability
