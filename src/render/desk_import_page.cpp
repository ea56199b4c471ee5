// The import (GET /admin/import, admins): another system's comments from an export file. The
// form is driven by desk.js (startImport): it uploads the file in chunks to /api/v1/imports,
// starts the job and follows it with a progress bar (with a Cancel button), then shows the
// summary and the report.
#include "render/desk_pages.hpp"

#include <algorithm>
#include <string>

#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {

std::string desk_import_page(const DeskImportView& v) {
    std::string main =
        "<h1 class=\"page-title\">Import</h1>\n"
        "<p>Bring in another system's comments (and a WordPress site's posts) from its export file, as it is "
        "or gzip-compressed. Importing the same file again adds nothing. A Tribune export goes only into a new "
        "server, whose accounts it replaces.</p>\n"
        "<section class=\"desk-panel\" aria-labelledby=\"import-title\">\n<h2 id=\"import-title\">Export file</h2>\n"
        "<form class=\"desk-form\" id=\"import-form\" data-import-max=\"";
    main += std::to_string(v.max_bytes);
    main += "\" data-import-current=\"";
    append_escaped(main, v.current_id);
    main += "\">\n<p><label for=\"import-format\">Format</label><br><select id=\"import-format\" name=\"format\">";
    for (const auto& [name, title] : v.formats) {
        main += "<option value=\"";
        append_escaped(main, name);
        main += "\"";
        if (std::find(v.without_page_keys.begin(), v.without_page_keys.end(), name) != v.without_page_keys.end())
            main += " data-page-keys=\"no\"";
        main += ">";
        append_escaped(main, title);
        main += "</option>";
    }
    main += "</select></p>\n"
            "<p><label for=\"import-file\">File</label><br><input type=\"file\" id=\"import-file\" name=\"file\" "
            "required></p>\n"
            "<p><label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> Dry run: read the file and report, "
            "store nothing</label></p>\n"
            "<p><label for=\"import-page-key\">Page keys</label><br><select id=\"import-page-key\" name=\"page_key\">"
            "<option value=\"path\">The path of each thread's URL</option>"
            "<option value=\"url\">The whole URL</option></select></p>\n"
            "<p><label for=\"import-map-old\">Rewrite pages starting with</label><br><input type=\"text\" "
            "id=\"import-map-old\" name=\"map_old\" placeholder=\"/blog/\"> <label for=\"import-map-new\">to</label> "
            "<input type=\"text\" id=\"import-map-new\" name=\"map_new\" placeholder=\"/articles/\"></p>\n"
            "<p class=\"desk-hint\">Files of up to ";
    main += std::to_string(v.max_bytes / (1024 * 1024));
    main += " MiB. The upload goes to this server in pieces; keep this page open until the import is done.</p>\n"
            "<p><button type=\"submit\" id=\"import-submit\">Import</button></p>\n"
            "<noscript><p class=\"desk-hint\">The import needs JavaScript; or use <code>tribune import</code> on "
            "the server.</p></noscript>\n</form>\n</section>\n"
            "<section class=\"desk-panel\" id=\"import-job\" aria-labelledby=\"import-job-title\" hidden>\n"
            "<h2 id=\"import-job-title\">Progress</h2>\n"
            "<p id=\"import-file-name\"></p>\n"
            "<p><progress id=\"import-progress\" max=\"1\" value=\"0\"></progress> "
            "<span id=\"import-phase\" role=\"status\"></span></p>\n"
            "<p id=\"import-summary\" class=\"import-summary\"></p>\n"
            "<ul id=\"import-notes\" class=\"import-notes\"></ul>\n"
            "<p><button type=\"button\" id=\"import-cancel\" hidden>Cancel the import</button></p>\n"
            "<p><a id=\"import-report\" href=\"#\" hidden download>Download the JSON report</a></p>\n"
            "</section>\n";
    return desk_document(v.frame, "Import", main);
}

}  // namespace tribune::render
