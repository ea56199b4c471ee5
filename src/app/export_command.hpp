#pragma once
// `tribune export FILE [--format tribune|disqus|wxr] [--with-secrets]`: writes the configured
// store's export (portability/) to FILE through a temporary file renamed into place, so a failed
// export never leaves a half file under FILE's name; "-" writes to stdout.

#include <iosfwd>
#include <string>

#include "app/config.hpp"

namespace tribune::app {

struct ExportCommandOptions {
    std::string file;               // a path, or "-" for stdout
    std::string format = "tribune"; // "tribune", "disqus" or "wxr"
    bool with_secrets = false;
};

/// Runs the export; the summary goes to `out` (to `err` when the export itself goes to stdout).
/// Returns the exit code: 0 written; 1 failed (nothing left under FILE's name); 2 asked wrongly.
int export_store(const Config& config, const ExportCommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tribune::app
