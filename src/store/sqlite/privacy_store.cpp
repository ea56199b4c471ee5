// SqliteStore's PrivacyStore methods (store/privacy_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "store/common/comment_changes.hpp"
#include "store/common/columns.hpp"
#include "store/common/identity_steps.hpp"
#include "store/common/notification_steps.hpp"
#include "store/common/rows.hpp"
#include "store/sqlite/author_sql.hpp"
#include "store/sqlite/change_executor.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/snapshot.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

domain::Error empty_author() {
    return domain::make_error(ErrorCode::kInvalid, "Invalid author", "No account, author token or email given.");
}

// Reports filed as ?1 or ?2: the caller's `reporter` and the key's own form (the same twice when
// `reporter` is empty or already that form).
const std::string kReportsFiled =
    "SELECT " + std::string(kReportColumns) + " FROM reports WHERE reporter IN (?1, ?2) ORDER BY id";

constexpr std::string_view kDropHistory =
    "DELETE FROM comment_edits WHERE comment_id IN (SELECT id FROM comments WHERE ";
constexpr std::string_view kScrubComments =
    "UPDATE comments SET text = '', author_name = '', author_badge = '', author_verified = 0, author_token_hash = '',"
    " author_email = '', ip_hash = '',"
    " filter_reason = '', notify = 0, author_user_id = NULL WHERE ";

// `head`, the author's WHERE term, then `tail`.
std::string for_author(std::string_view head, const domain::AuthorKey& author, std::string_view tail = {}) {
    std::string s(head);
    s += author_comments_where(author);
    s += tail;
    return s;
}

std::string comments_with_edits_sql(const domain::AuthorKey& author) {
    std::string head = "WITH c AS (SELECT ";
    head += kCommentColumns;
    head += ", author_email, notify FROM comments WHERE ";  // the rows add_exported_comment_row reads
    return for_author(head, author,
                      ") SELECT c.*, e.text, e.replaced_at, e.edited_by FROM c"
                      " LEFT JOIN comment_edits AS e ON e.comment_id = c.id ORDER BY c.id, e.id");
}

void bind_reporters(Statement& st, const domain::AuthorKey& author, const std::string& reporter) {
    const std::string own = reporter_of(author);
    st.bind(1, reporter.empty() ? own : reporter).bind(2, own.empty() ? reporter : own);
}

// Whether any report can be theirs: an email key files none, unless the caller names a reporter.
bool may_have_reports(const domain::AuthorKey& author, const std::string& reporter) {
    return !reporter.empty() || !reporter_of(author).empty();
}

Result<std::vector<domain::CommentId>> comment_ids(Connection& db, const domain::AuthorKey& author) {
    auto st = db.prepare(for_author("SELECT id FROM comments WHERE ", author, " ORDER BY id"));
    if (!st) return st.error();
    bind_author(*st, author);
    return collect<domain::CommentId>(*st, [](const Statement& row) { return row.int64(0); });
}

// Removes the reports the author filed, taking the open ones off their comments' counts first.
Result<std::int64_t> remove_reports_filed(Connection& db, const domain::AuthorKey& author,
                                          const std::string& reporter) {
    if (!may_have_reports(author, reporter)) return std::int64_t{0};
    auto uncount = db.prepare(
        "UPDATE comments SET open_reports = max(open_reports - (SELECT count(*) FROM reports AS r"
        "  WHERE r.comment_id = comments.id AND r.resolved = 0 AND r.reporter IN (?1, ?2)), 0)"
        " WHERE id IN (SELECT comment_id FROM reports WHERE resolved = 0 AND reporter IN (?1, ?2))");
    if (!uncount) return uncount.error();
    bind_reporters(*uncount, author, reporter);
    if (auto ok = uncount->run(); !ok) return ok.error();

    auto remove = db.prepare("DELETE FROM reports WHERE reporter IN (?1, ?2)");
    if (!remove) return remove.error();
    bind_reporters(*remove, author, reporter);
    if (auto ok = remove->run(); !ok) return ok.error();
    return std::int64_t{sqlite3_changes(db.handle())};
}

// The addresses the author's mail is kept under (notification_steps::addresses_of), read before
// erasing clears them.
Result<std::vector<std::string>> mail_addresses_of(Connection& db, const domain::AuthorKey& author) {
    auto st = db.prepare(for_author("SELECT DISTINCT author_email FROM comments WHERE ", author, " AND author_email <> ''"));
    if (!st) return st.error();
    bind_author(*st, author);
    auto emails = collect<std::string>(*st, [](const Statement& row) { return row.text(0); });
    if (!emails) return emails.error();
    std::optional<domain::User> user;
    if (author.user_id) {
        auto found = user_by_id(db, *author.user_id);
        if (found) user = std::move(*found);
        else if (found.error().code != ErrorCode::kNotFound) return found.error();
    }
    return notification_steps::addresses_of(author.email, user, *emails);
}

// Run a statement whose only parameter is the author key.
Result<void> run_for_author(Connection& db, const std::string& sql, const domain::AuthorKey& author) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bind_author(*st, author);
    return st->run();
}

}  // namespace

Result<AuthorData> SqliteStore::author_data(const domain::AuthorKey& author, const std::string& reporter) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<AuthorData> {
        if (author.empty()) return empty_author();
        return in_snapshot(db, [&]() -> Result<AuthorData> {
            AuthorData data;
            if (author.user_id) {
                auto user = user_by_id(db, *author.user_id);
                if (user) data.user = std::move(*user);
                else if (user.error().code != ErrorCode::kNotFound) return user.error();
                SqliteSession identities_session(db);
                auto identities = identity_steps::external_identities(identities_session, *author.user_id);
                if (!identities) return identities.error();
                data.identities = std::move(*identities);
            }

            auto comments = db.prepare(comments_with_edits_sql(author));
            if (!comments) return comments.error();
            bind_author(*comments, author);
            for (;;) {
                auto row = comments->step();
                if (!row) return row.error();
                if (!*row) break;
                add_exported_comment_row(data.comments, *comments);
            }

            if (may_have_reports(author, reporter)) {
                auto reports = db.prepare(kReportsFiled);
                if (!reports) return reports.error();
                bind_reporters(*reports, author, reporter);
                auto filed = collect<domain::Report>(*reports, read_report);
                if (!filed) return filed.error();
                data.reports_filed = std::move(*filed);
            }

            // No ban is ever on an email.
            if (author.user_id || !author.token_hash.empty()) {
                auto bans = author.user_id ? bans_on(db, domain::BanKind::kUser, std::to_string(*author.user_id))
                                           : bans_on(db, domain::BanKind::kToken, author.token_hash);
                if (!bans) return bans.error();
                data.bans = std::move(*bans);
            }
            std::vector<std::string> kept;
            for (const auto& rec : data.comments) kept.push_back(rec.author_email);
            SqliteSession session(db);
            auto mail = notification_steps::author_mail(
                session, notification_steps::addresses_of(author.email, data.user, kept));
            if (!mail) return mail.error();
            data.mail = std::move(*mail);
            return data;
        });
    });
}

Result<EraseSummary> SqliteStore::erase_author(const domain::AuthorKey& author, const std::string& reporter) {
    return write<EraseSummary>(*writer_, *health_, [&](Connection& db) -> Result<EraseSummary> {
        if (author.empty()) return empty_author();
        EraseSummary summary;
        auto addresses = mail_addresses_of(db, author);
        if (!addresses) return addresses.error();
        auto ids = comment_ids(db, author);
        if (!ids) return ids.error();
        summary.comments = static_cast<std::int64_t>(ids->size());

        // delete_comment keeps the approved counts and reply counts right, and drops the history;
        // a comment deleted before is left as it is, then scrubbed with the others below.
        ChangeExecutor changes(db);
        for (domain::CommentId id : *ids) {
            if (auto deleted = store::delete_comment(changes, id); !deleted) return deleted.error();
            auto scrubbed = scrub_audit_target(db, "comment:" + std::to_string(id));
            if (!scrubbed) return scrubbed.error();
            summary.audit_entries += *scrubbed;
        }
        // Imported data may hold history for comments deleted before.
        if (auto ok = run_for_author(db, for_author(kDropHistory, author, ")"), author); !ok) return ok.error();
        // Last, as it clears the columns the key matches on.
        if (auto ok = run_for_author(db, for_author(kScrubComments, author), author); !ok) return ok.error();

        auto reports = remove_reports_filed(db, author, reporter);
        if (!reports) return reports.error();
        summary.reports = *reports;

        if (author.user_id) {
            auto removed = delete_user(db, *author.user_id);
            if (!removed) return removed.error();
            summary.user_removed = *removed;
            // The account's own entries (user.create, user.update) hold its email and name; the
            // entries of what it did name it as the actor.
            auto scrubbed = scrub_audit_target(db, "user:" + std::to_string(*author.user_id));
            if (!scrubbed) return scrubbed.error();
            summary.audit_entries += *scrubbed;
            // The id goes too: SQLite may give it to the next account, which must not inherit
            // these entries.
            auto actor = db.prepare("UPDATE audit_log SET actor = ?2, actor_user_id = NULL WHERE actor_user_id = ?1");
            if (!actor) return actor.error();
            actor->bind(1, *author.user_id).bind(2, std::string(kErasedActor));
            if (auto ok = actor->run(); !ok) return ok.error();
            auto target = db.prepare("UPDATE audit_log SET target = 'user:erased' WHERE target = ?1");
            if (!target) return target.error();
            target->bind(1, "user:" + std::to_string(*author.user_id));
            if (auto ok = target->run(); !ok) return ok.error();
        }
        SqliteSession session(db);
        if (auto ok = notification_steps::erase_author_mail(session, *addresses); !ok) return ok.error();
        // Pending sign-ins name the person's address or account; linked identities went with the
        // account (ON DELETE CASCADE).
        if (auto ok = identity_steps::erase_sign_ins(session, *addresses, author.user_id); !ok) return ok.error();
        return summary;
    });
}

}  // namespace tribune::store::sqlite
