#include "portability/isso_import.hpp"

#include <cmath>

#include "portability/html_text.hpp"
#include "portability/isso_reader.hpp"

namespace tribune::portability {
namespace {

domain::CommentStatus status_of_mode(std::int64_t mode) {
    switch (mode) {
        case 1: return domain::CommentStatus::kApproved;
        case 4: return domain::CommentStatus::kDeleted;
        default: return domain::CommentStatus::kPending;  // 2: waiting for moderation
    }
}

// Unix seconds as a time, nullopt when not a time at all (years 1970 to 9999).
std::optional<domain::Time> time_of(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 253402300799.0) return std::nullopt;
    return domain::from_micros(std::llround(seconds * 1e6));
}

}  // namespace

domain::Result<void> import_isso_file(const std::string& path, CommentImport& import) {
    IssoHandlers handlers;
    // The key signs Isso's cookies: it is never kept, only a hash of it.
    handlers.installation = [&](std::string&& key) { import.set_site_by_secret(key); };
    handlers.thread = [&](IssoThread&& t) { return import.add_thread({std::to_string(t.id), std::move(t.uri), false}); };
    handlers.comment = [&](IssoComment&& ic) -> domain::Result<void> {
        auto at = time_of(ic.created);
        if (!at) {
            import.skip(ImportNote::kInvalid);
            return {};
        }
        SourceComment c;
        c.id = std::to_string(ic.id);
        c.thread_id = std::to_string(ic.thread_id);
        if (ic.parent) c.parent_id = std::to_string(*ic.parent);
        c.author_name = std::move(ic.author);
        c.author_email = std::move(ic.email);
        c.ip_address = std::move(ic.remote_addr);
        c.status = status_of_mode(ic.mode);
        c.text = c.status == domain::CommentStatus::kDeleted ? std::string() : typed_text(ic.text);
        c.created_at = *at;
        return import.add_comment(std::move(c));
    };
    handlers.stopped = [&]() -> std::optional<domain::Error> {
        if (import.stopped()) return import_stopped();
        return std::nullopt;
    };
    return read_isso(path, handlers);
}

}  // namespace tribune::portability
