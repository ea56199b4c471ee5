#pragma once
// `tribune export FILE` (format tribune): the whole store as JSON lines (docs/export-format.md),
// read table by table in batches and written as it is read, so memory stays flat whatever the
// store's size. Media items travel as references (their facts, not their bytes).

#include <cstdint>
#include <ostream>
#include <string>

#include "domain/error.hpp"
#include "domain/time.hpp"
#include "portability/tribune_lines.hpp"
#include "store/store.hpp"

namespace tribune::portability {

struct TribuneExportOptions {
    /// Include what lets someone act as another: accounts' password hashes and the settings
    /// secret_setting() names. Off: those fields and rows are left out.
    bool with_secrets = false;
    int batch_rows = 500;
    std::string tribune_version;
};

/// What an export wrote: its header (with the source's summary at the start) and its end line
/// (what the file holds), and the secret settings left out.
struct TribuneExportResult {
    ExportHeader header;
    ExportEnd end;
    std::int64_t secret_settings_left_out = 0;
};

/// Whether a setting holds a secret (the key of address hashes kept in the store by older
/// versions): exported only with secrets.
bool secret_setting(const store::Setting& s);

/// Writes the export of `from` to `out`. Errors: the store's; kUnavailable when `out` fails
/// (a full disk).
domain::Result<TribuneExportResult> write_tribune_export(store::Store& from, std::ostream& out,
                                                         const TribuneExportOptions& options,
                                                         const domain::Clock& clock);

}  // namespace tribune::portability
