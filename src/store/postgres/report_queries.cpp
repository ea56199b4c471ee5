#include "store/postgres/report_queries.hpp"

#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

// No row back: the reporter has an open report on it already (reports_open_once).
// Either unique index may refuse it (one open report per reporter, and per network): no target.
const Statement kInsertReport(
    "INSERT INTO reports (comment_id, reason, reporter, created_at, reporter_network) VALUES ($1::bigint,"
    " $2::text, $3::text, $4::bigint, $5::text) ON CONFLICT DO NOTHING RETURNING id");
const Statement kCountReport(
    "UPDATE comments SET open_reports = open_reports + 1 WHERE id = $1::bigint RETURNING open_reports");
const Statement kReportsFor([] {
    std::string s("SELECT ");
    s += kReportColumns;
    s += " FROM reports WHERE comment_id = $1::bigint ORDER BY id";
    return s;
}());
const Statement kClearOpenReports([] {
    std::string s("UPDATE comments SET open_reports = 0 WHERE id = $1::bigint RETURNING ");
    s += sql::kCommentColumns;
    return s;
}());
const Statement kResolve("UPDATE reports SET resolved = 1 WHERE comment_id = $1::bigint AND resolved = 0");

domain::Error already_reported() {
    return domain::make_error(domain::ErrorCode::kConflict, "Already reported",
                              "You have already reported this comment.");
}

}  // namespace

Result<ReportOutcome> add_report(Connection& db, domain::CommentId id, const std::string& reason,
                                 const std::string& reporter, const std::string& network, domain::Time at) {
    auto locked = db.run(sql::lock_comment(), Params().add(id));
    if (!locked) return locked.error();
    if (locked->rows() == 0) return comment_not_found();
    domain::Comment comment = read_comment(*locked, 0);

    auto inserted =
        db.run(kInsertReport, Params().add(id).add(reason).add(reporter).add(domain::to_micros(at)).add(network));
    if (!inserted) return inserted.error();
    if (inserted->rows() == 0) return already_reported();
    auto counted = db.run(kCountReport, Params().add(id));
    if (!counted) return counted.error();

    comment.open_reports = counted->int64(0, 0);
    domain::Report report{inserted->int64(0, 0), id, reason, reporter, at, false};
    return ReportOutcome{std::move(report), std::move(comment)};
}

Result<std::vector<domain::Report>> reports_for(Connection& db, domain::CommentId id) {
    auto r = db.run(kReportsFor, Params().add(id));
    if (!r) return r.error();
    std::vector<domain::Report> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_report(*r, i));
    return out;
}

Result<domain::Comment> resolve_reports(Connection& db, domain::CommentId id) {
    auto cleared = db.run(kClearOpenReports, Params().add(id));
    if (!cleared) return cleared.error();
    if (cleared->rows() == 0) return comment_not_found();
    if (auto ok = db.run(kResolve, Params().add(id)); !ok) return ok.error();
    return read_comment(*cleared, 0);
}

}  // namespace tribune::store::postgres
