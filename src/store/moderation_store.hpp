#pragma once
// The moderation role of the Store: the desk's queues and counts, a commenter's record, reports,
// bans and the audit log. Every call blocks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/comment_types.hpp"
#include "store/moderation_types.hpp"

namespace tribune::store {

using domain::Result;

class ModerationStore {
public:
    virtual ~ModerationStore() = default;

    /// Comments of one queue across every thread (or q.page), keyset-paged by id.
    virtual Result<CommentPage> list_queue(const QueueQuery& q) = 0;

    /// How many comments each queue holds, in the order given (kReported with `min_reports`).
    virtual Result<std::vector<std::int64_t>> count_queues(const std::vector<Queue>& queues,
                                                           std::int64_t min_reports) = 0;

    /// The commenter's comments by status (all threads).
    virtual Result<domain::AuthorStats> author_stats(const domain::AuthorKey& author) = 0;

    /// Texts of the author's comments created at or after `since`, newest first, at most `limit`
    /// (duplicate detection).
    virtual Result<std::vector<std::string>> recent_texts(const domain::AuthorKey& author, domain::Time since,
                                                          int limit) = 0;

    // Reports.

    /// Files a report and adds one to the comment's open_reports. `reporter` names who filed it
    /// (for their privacy export); `network`, when not empty, is where an anonymous reporter
    /// came from (a salted hash), and one network files one open report per comment. Errors:
    /// kNotFound (no comment), kConflict when `reporter` or `network` already has an open report
    /// on it (checked in the same transaction).
    virtual Result<ReportOutcome> add_report(domain::CommentId id, const std::string& reason,
                                             const std::string& reporter, const std::string& network,
                                             domain::Time at) = 0;

    /// Reports on a comment, oldest first.
    virtual Result<std::vector<domain::Report>> reports_for(domain::CommentId id) = 0;

    /// Marks the comment's reports resolved and sets open_reports to 0 (a moderator reviewed it).
    /// Errors: kNotFound.
    virtual Result<domain::Comment> resolve_reports(domain::CommentId id) = 0;

    // Bans.

    /// Stores a ban (id assigned). Returns it with its id.
    virtual Result<domain::Ban> insert_ban(const domain::Ban& b) = 0;

    /// The first ban active at `now` matching any of `keys` (kind, value), if any.
    virtual Result<std::optional<domain::Ban>> find_active_ban(
        const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) = 0;

    /// Bans active at `now`, newest first, at most `limit`.
    virtual Result<std::vector<domain::Ban>> list_active_bans(domain::Time now, int limit) = 0;

    /// Lifts a ban. Errors: kNotFound. Returns it as it is now.
    virtual Result<domain::Ban> lift_ban(std::int64_t id) = 0;

    // Audit log.

    /// Appends an entry (id assigned); returns it.
    virtual Result<domain::AuditEntry> append_audit(const domain::AuditEntry& e) = 0;

    /// Entries newest first, below `before_id` when given, at most `limit`; only those whose
    /// target equals `target` when it is not empty.
    virtual Result<std::vector<domain::AuditEntry>> list_audit(std::optional<std::int64_t> before_id, int limit,
                                                               std::string_view target) = 0;
};

}  // namespace tribune::store
