#include "app/import_command.hpp"

#include <fstream>
#include <iostream>

#include "app/command_context.hpp"
#include "app/store_access.hpp"
#include "portability/comment_formats.hpp"
#include "portability/import_report.hpp"
#include "portability/tribune_import.hpp"
#include "store/common/summary.hpp"

namespace tribune::app {

int run_import(const Config& config, const ImportCommandOptions& options) {
    if (options.format == "tribune") return import_tribune_file(config, options);
    if (portability::is_comment_format(options.format))
        return import_comments_file(config, options);
    std::cerr << "import: unknown format \"" << options.format
              << "\" (disqus, wordpress, remark42, isso, commento or tribune)\n";
    return 2;
}

namespace {

bool write_report(const std::string& path, const std::string& json) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << json;
    file.close();
    if (file) return true;
    std::cerr << "import: cannot write the report " << path << "\n";
    return false;
}

}  // namespace

int import_tribune_file(const Config& config, const ImportCommandOptions& options) {
    std::ifstream file;
    if (options.file != "-") {
        file.open(options.file, std::ios::binary);
        if (!file) {
            std::cerr << "import: cannot open " << options.file << "\n";
            return 2;
        }
    }
    if (options.page_key != "path" || !options.maps.empty())
        std::cerr << "import: --page-key and --map apply to other systems' formats; a Tribune export keeps its page keys\n";
    std::istream& in = options.file == "-" ? std::cin : file;
    auto opened = open_configured_store(config);
    if (!opened) return 1;
    auto result = portability::import_tribune(**opened, in, options.dry_run);
    if (!result) {
        std::cerr << "import: " << options.file << ": ";
        const int code = report(result.error());
        std::cerr << "import: nothing was imported; the store is unchanged\n";
        return code;
    }
    const portability::TribuneImportResult& r = *result;
    portability::ImportCounts counts;
    counts.articles = r.read.articles;
    counts.threads = r.read.threads;
    counts.comments = r.read.comments;
    std::cout << portability::describe(counts, r.dry_run) << "\n";
    std::cout << (r.dry_run ? "the file holds " : "rows: ") << store::describe(r.read) << ", " << r.media
              << " media references (their bytes are not in the export: bring them with tribune backup/restore)\n";
    if (r.unknown_lines > 0)
        std::cout << "skipped " << r.unknown_lines << " lines of types this version does not know\n";
    if (!r.header.with_secrets && r.read.users > 0)
        std::cout << "the file has no password hashes (exported without --with-secrets): accounts need a new "
                     "password to log in\n";
    int code = 0;
    if (!r.dry_run) {
        if (r.differences.empty()) {
            std::cout << "verified: the store's summary equals the file's, checksum "
                      << portability::checksum_hex(r.stored->checksum) << "\n";
            if (r.header.source == r.stored.value())
                std::cout << "the store is the exported store again: its summary checksum equals the source's\n";
        } else {
            std::cerr << "import: imported, but the store's summary differs from the file's (file vs store):\n";
            for (const auto& d : r.differences) std::cerr << "  " << d << "\n";
            std::cerr << "  (an export taken while comments changed can carry thread counts older than its comments)\n";
            code = 1;
        }
    }
    if (!options.report.empty() && !write_report(options.report, portability::import_report_json(r))) code = 1;
    return code;
}

}  // namespace tribune::app
