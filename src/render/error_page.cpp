// Errors for browsers: what went wrong, and a way home.
#include "render/pages.hpp"

#include "render/html_escape.hpp"
#include "render/layout.hpp"

namespace tribune::render {

std::string error_page(const ErrorView& v) {
    const std::string title = std::to_string(v.status) + (v.title.empty() ? "" : " " + v.title);
    std::string main = "<section class=\"error-page\">\n<h1>";
    append_escaped(main, title);
    main += "</h1>\n";
    if (!v.message.empty()) {
        main += "<p>";
        append_escaped(main, v.message);
        main += "</p>\n";
    }
    main += "<p><a href=\"/\">Back to the front page</a></p>\n</section>\n";
    return document(v.site, PageHead{title, "", ""}, main);
}

}  // namespace tribune::render
