#include "app/export_command.hpp"

#include <fcntl.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "app/store_access.hpp"
#include "portability/disqus_export.hpp"
#include "portability/tribune_export.hpp"
#include "portability/wxr_export.hpp"
#include "render/markdown.hpp"
#include "store/common/summary.hpp"

#ifndef TRIBUNE_VERSION
#define TRIBUNE_VERSION "unknown"
#endif

namespace tribune::app {
namespace {

namespace fs = std::filesystem;
using Writer = std::function<domain::Result<std::string>(std::ostream&)>;

// Writes through `write` into a private temporary file beside `path`, synced, then renamed over it.
domain::Result<std::string> write_atomically(const std::string& path, const Writer& write) {
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".partial-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());  // 0600: an export holds people's data
    auto fail = [&](const std::string& why) {
        return domain::make_error(domain::ErrorCode::kUnavailable, "Export failed", why);
    };
    if (fd < 0) return fail("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
    ::close(fd);
    auto summary = [&]() -> domain::Result<std::string> {
        std::ofstream file(temp, std::ios::binary | std::ios::trunc);
        if (!file) return fail("cannot open " + temp);
        auto done = write(file);
        if (!done) return done;
        file.close();
        if (!file) return fail("cannot write " + temp + " (is the disk full?)");
        return done;
    }();
    if (summary) {
        const int sync_fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
        const bool synced = sync_fd >= 0 && ::fsync(sync_fd) == 0;
        if (sync_fd >= 0) ::close(sync_fd);
        if (!synced) summary = fail("cannot sync " + temp + ": " + std::strerror(errno));
        else if (::rename(temp.c_str(), path.c_str()) != 0)
            summary = fail("cannot rename the export to " + path + ": " + std::strerror(errno));
    }
    if (!summary) {
        ::unlink(temp.c_str());
        return summary;
    }
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return summary;
}

std::string tribune_summary(const portability::TribuneExportResult& r) {
    std::string s = "exported " + store::describe(r.end.content) + ", " + std::to_string(r.end.media) +
                    " media references (their bytes are not in the export: tribune backup carries them)";
    if (!r.header.with_secrets)
        s += "; password hashes and secret settings left out (--with-secrets keeps them)";
    if (r.header.with_secrets && r.header.source == r.end.content)
        s += "; the file's checksum equals the store's";
    else if (r.header.with_secrets)
        s += "; the store changed while it was exported (source checksum " +
             portability::checksum_hex(r.header.source.checksum) + ")";
    return s;
}

std::string foreign_summary(const std::string& format, const portability::ForeignExportResult& r) {
    if (format == "disqus")
        return "exported " + std::to_string(r.threads) + " threads, " + std::to_string(r.comments) +
               " comments as a Disqus export; left out " + std::to_string(r.pending_left_out) +
               " pending comments (Disqus has no such state)";
    return "exported " + std::to_string(r.articles) + " published articles with " + std::to_string(r.comments) +
           " comments as WordPress WXR 1.2; left out " + std::to_string(r.not_on_articles) +
           " comments on pages that are not published articles (the tribune and disqus formats carry them)";
}

}  // namespace

int export_store(const Config& config, const ExportCommandOptions& options, std::ostream& out, std::ostream& err) {
    if (options.format != "tribune" && options.format != "disqus" && options.format != "wxr") {
        err << "export: unknown format \"" << options.format << "\": tribune, disqus or wxr\n";
        return 2;
    }
    if (options.file.empty()) {
        err << "export: name a FILE (or - for stdout)\n";
        return 2;
    }
    // Opening a missing SQLite file would create it: a mistyped --data must not export nothing.
    if (const std::string url = database_url(config); url.starts_with("sqlite://")) {
        std::error_code ec;
        if (!fs::exists(url.substr(9), ec)) {
            err << "export: no database at " << url.substr(9) << "\n";
            return 2;
        }
    }
    const bool to_stdout = options.file == "-";
    if (to_stdout) {
        // The log goes to stdout: it must not end up inside the export.
        auto logger = std::make_shared<spdlog::logger>("tribune", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
        logger->set_level(spdlog::default_logger()->level());
        spdlog::set_default_logger(std::move(logger));
    }
    auto opened = open_configured_store(config);
    if (!opened) return 1;
    store::Store& db = **opened;
    const domain::SystemClock clock;

    const Writer write = [&](std::ostream& to) -> domain::Result<std::string> {
        if (options.format == "tribune") {
            portability::TribuneExportOptions o;
            o.with_secrets = options.with_secrets;
            o.tribune_version = TRIBUNE_VERSION;
            auto r = portability::write_tribune_export(db, to, o, clock);
            if (!r) return r.error();
            return tribune_summary(*r);
        }
        portability::ForeignExportOptions o;
        o.base_url = config.public_url.empty() ? "http://" + config.listen : config.public_url;
        while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
        o.site_name = config.site_name;
        o.language = config.locale;
        o.tribune_version = TRIBUNE_VERSION;
        o.now = clock.now();
        o.markdown_to_html = [](std::string_view md) { return render::markdown_to_html(md); };
        auto r = options.format == "disqus" ? portability::write_disqus_export(db, to, o)
                                            : portability::write_wxr_export(db, to, o);
        if (!r) return r.error();
        return foreign_summary(options.format, *r);
    };

    auto summary = to_stdout ? write(std::cout) : write_atomically(options.file, write);
    if (!summary) {
        err << "export: " << summary.error().title << ": " << summary.error().message;
        if (!to_stdout) err << " (nothing was written to " << options.file << ")";
        err << "\n";
        return 1;
    }
    (to_stdout ? err : out) << *summary << (to_stdout ? "" : " to " + options.file) << "\n";
    return 0;
}

}  // namespace tribune::app
