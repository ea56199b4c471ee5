#include "portability/disqus_import.hpp"

#include "domain/time.hpp"
#include "portability/disqus_reader.hpp"
#include "portability/html_text.hpp"

namespace tribune::portability {

domain::Result<void> import_disqus(std::istream& in, CommentImport& import) {
    DisqusHandlers handlers;
    handlers.thread = [&](DisqusThread&& t) {
        return import.add_thread({std::move(t.id), std::move(t.link), t.closed});
    };
    handlers.post = [&](DisqusPost&& p) -> domain::Result<void> {
        auto at = domain::parse_rfc3339(p.created_at);
        if (!at) at = domain::parse_rfc3339_offset(p.created_at);
        if (!at) {
            import.skip(ImportNote::kInvalid);
            return {};
        }
        SourceComment c;
        c.id = std::move(p.id);
        c.thread_id = std::move(p.thread_id);
        c.parent_id = std::move(p.parent_id);
        c.author_name = std::move(p.author_name);
        c.author_email = std::move(p.author_email);
        c.ip_address = std::move(p.ip_address);
        // A deleted post keeps no text: it is a tombstone, or nothing, here.
        c.text = p.deleted && !p.spam ? std::string() : html_to_text(p.message);
        c.status = p.spam ? domain::CommentStatus::kSpam
                   : p.deleted ? domain::CommentStatus::kDeleted
                               : domain::CommentStatus::kApproved;
        c.created_at = *at;
        return import.add_comment(std::move(c));
    };
    return read_disqus(in, handlers);
}

}  // namespace tribune::portability
