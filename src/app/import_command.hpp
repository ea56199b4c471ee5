#pragma once
// `tribune import FORMAT FILE [--dry-run] [--report OUT.json] [--page-key path|url]
// [--map OLD=NEW]...`: one place that sends each format to its importer (src/portability).

#include <iosfwd>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace tribune::app {

struct ImportCommandOptions {
    std::string format;  // disqus, ...
    std::string file;
    bool dry_run = false;
    std::string report;  // where the JSON report goes; "" for none
    std::string page_key = "path";
    std::vector<std::string> maps;
};

/// Runs the import; prints the summary on `out`, progress and problems on `err`. Exit codes: 0
/// done, 1 failed (what was stored before the failure stays: importing again goes on from there),
/// 2 asked wrongly (unknown format, unreadable file, a file that is not of its format).
int import_file(const Config& config, const ImportCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tribune::app
