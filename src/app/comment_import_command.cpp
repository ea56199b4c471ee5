// `tribune import disqus|wordpress|remark42|isso|commento FILE`: another system's comments (and
// WordPress's posts) added to the store (portability/comment_import; portability/comment_formats
// picks the reader, the same table as the desk's).
#include "app/import_command.hpp"

#include <fstream>
#include <iostream>

#include "app/command_context.hpp"
#include "app/ip_hash_key.hpp"
#include "http/client_network.hpp"
#include "portability/comment_import.hpp"
#include "portability/comment_formats.hpp"

namespace tribune::app {
namespace {

bool write_report(const std::string& path, const std::string& format, bool dry_run,
                  const portability::ImportCounts& total,
                  const std::map<std::string, portability::ImportCounts>& threads, std::ostream& err) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) {
        err << "import: cannot write the report to " << path << "\n";
        return false;
    }
    portability::write_comment_report(f, format, dry_run, total, threads);
    return static_cast<bool>(f.flush());
}

}  // namespace

int import_comments_file(const Config& config, const ImportCommandOptions& options) {
    std::ostream& out = std::cout;
    std::ostream& err = std::cerr;
    portability::PageKeyRules keys;
    if (options.page_key != "path" && options.page_key != "url") {
        err << "import: --page-key takes path or url\n";
        return 2;
    }
    keys.whole_url = options.page_key == "url";
    if (!portability::uses_page_keys(options.format) && (options.page_key != "path" || !options.maps.empty())) {
        err << "import: --page-key and --map do not apply to WordPress: comments go to the article each post becomes\n";
        return 2;
    }
    for (const auto& m : options.maps) {
        auto map = portability::parse_page_map(m);
        if (!map) return report(map.error());
        keys.maps.push_back(std::move(*map));
    }
    // "-" reads standard input (a pipe: gunzipped too when it starts as gzip does).
    const std::string path = options.file == "-" ? std::string("/dev/stdin") : options.file;
    if (!std::ifstream(path, std::ios::binary)) {
        err << "import: cannot read " << options.file << "\n";
        return 2;
    }
    auto c = open_context(config);
    if (!c) return 1;
    auto key = ip_hash_key(config, *c->store);
    if (!key) return report(key.error());
    c->guards.set_node_key(*key);

    portability::CommentImportOptions o;
    o.source = options.format;
    o.dry_run = options.dry_run;
    o.per_thread = !options.report.empty();
    o.page_keys = std::move(keys);
    o.hash_address = [&guards = c->guards](std::string_view ip) { return http::network_hash(guards, ip); };
    o.progress = [&err](std::int64_t n) { err << "import: " << n << " items read\n"; };
    portability::CommentImport import(c->ctx, std::move(o));

    auto read = portability::read_comments_file(options.format, path, import);
    if (!read) {
        const int code = report(read.error());
        if (!import.stored_anything()) {
            err << "import: nothing was imported\n";
            return code;
        }
        err << "import: stopped; what was stored before stays, and importing the file again goes on from there\n";
        return 1;
    }
    auto total = import.finish();
    if (!total) return report(total.error());
    out << portability::describe(*total, options.dry_run) << "\n";
    for (const auto& line : *read) out << line << "\n";
    if (!options.report.empty() &&
        !write_report(options.report, options.format, options.dry_run, *total, import.per_thread(), err))
        return 1;
    warn_if_unannounced(*c);
    return 0;
}

}  // namespace tribune::app
