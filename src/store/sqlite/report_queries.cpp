#include "store/sqlite/report_queries.hpp"

#include <sqlite3.h>

#include "store/sqlite/comment_reads.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

domain::Error already_reported() {
    return domain::make_error(ErrorCode::kConflict, "Already reported",
                              "You have already reported this comment.");
}

const std::string kReportsFor =
    "SELECT " + std::string(kReportColumns) + " FROM reports WHERE comment_id = ?1 ORDER BY id";

}  // namespace

Result<ReportOutcome> add_report(Connection& db, domain::CommentId id, const std::string& reason,
                                 const std::string& reporter, const std::string& network, domain::Time at) {
    auto comment = get_comment(db, id);
    if (!comment) return comment.error();

    auto open = db.prepare(
        "SELECT 1 FROM reports WHERE comment_id = ?1 AND resolved = 0"
        " AND (reporter = ?2 OR (?3 <> '' AND reporter_network = ?3))");
    if (!open) return open.error();
    open->bind(1, id).bind(2, reporter).bind(3, network);
    auto found = open->step();
    if (!found) return found.error();
    if (*found) return already_reported();

    auto insert = db.prepare(
        "INSERT INTO reports (comment_id, reason, reporter, created_at, reporter_network)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return insert.error();
    insert->bind(1, id).bind(2, reason).bind(3, reporter).bind(4, domain::to_micros(at)).bind(5, network);
    if (auto ok = insert->run(); !ok) {
        if (ok.error().code == ErrorCode::kConflict) return already_reported();
        return ok.error();
    }

    ReportOutcome outcome;
    outcome.report.id = sqlite3_last_insert_rowid(db.handle());
    outcome.report.comment_id = id;
    outcome.report.reason = reason;
    outcome.report.reporter = reporter;
    outcome.report.created_at = at;

    auto count = db.prepare("UPDATE comments SET open_reports = open_reports + 1 WHERE id = ?1");
    if (!count) return count.error();
    count->bind(1, id);
    if (auto ok = count->run(); !ok) return ok.error();
    comment->open_reports += 1;
    outcome.comment = std::move(*comment);
    return outcome;
}

Result<std::vector<domain::Report>> reports_for(Connection& db, domain::CommentId id) {
    auto st = db.prepare(kReportsFor);
    if (!st) return st.error();
    st->bind(1, id);
    return collect<domain::Report>(*st, read_report);
}

Result<domain::Comment> resolve_reports(Connection& db, domain::CommentId id) {
    auto comment = get_comment(db, id);
    if (!comment) return comment.error();
    auto resolve = db.prepare("UPDATE reports SET resolved = 1 WHERE comment_id = ?1 AND resolved = 0");
    if (!resolve) return resolve.error();
    resolve->bind(1, id);
    if (auto ok = resolve->run(); !ok) return ok.error();
    auto count = db.prepare("UPDATE comments SET open_reports = 0 WHERE id = ?1");
    if (!count) return count.error();
    count->bind(1, id);
    if (auto ok = count->run(); !ok) return ok.error();
    comment->open_reports = 0;
    return comment;
}

}  // namespace tribune::store::sqlite
