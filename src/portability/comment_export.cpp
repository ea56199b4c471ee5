#include "portability/comment_export.hpp"

#include "portability/xml_text.hpp"

namespace tribune::portability {

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
