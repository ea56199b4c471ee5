#pragma once
// `tribune import FORMAT FILE [--dry-run] [--report OUT.json] [--page-key path|url]
// [--map OLD_PREFIX=NEW_PREFIX]`: one dispatch over the formats (run_import), each handled by
// its importer in portability/.

#include <string>
#include <vector>

#include "app/config.hpp"

namespace tribune::app {

struct ImportCommandOptions {
    std::string format;  // disqus, wordpress, remark42, isso, commento or tribune
    std::string file;    // a path, or "-" for stdin
    bool dry_run = false;
    std::string report;  // a JSON report's path; "" for none
    std::string page_key = "path";   // other systems' formats only
    std::vector<std::string> maps;   // OLD_PREFIX=NEW_PREFIX; other systems' formats only
};

/// Runs the importer of options.format. Returns the exit code: 0 imported (or, dry, would be);
/// 1 failed; 2 refused (an unsupported format, a store that is not empty, a bad file).
int run_import(const Config& config, const ImportCommandOptions& options);

/// `tribune import disqus|remark42|isso|commento FILE`: comments, and threads, added to what the
/// store holds, each once (app/comment_import_command.cpp); 2 for a format it does not know.
int import_comments_file(const Config& config, const ImportCommandOptions& options);

/// `tribune import tribune FILE`: Tribune's own export into an empty store, then its summary
/// compared with the file's.
int import_tribune_file(const Config& config, const ImportCommandOptions& options);

}  // namespace tribune::app
