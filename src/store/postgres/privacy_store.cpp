// PgStore's PrivacyStore methods (store/privacy_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <vector>

#include "store/common/comment_changes.hpp"
#include "store/common/identity_steps.hpp"
#include "store/common/notification_steps.hpp"
#include "store/common/rows.hpp"
#include "store/postgres/change_executor.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/shared_steps.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

const sql::ByAuthor kAuthorComments(
    [] {
        std::string s("WITH c AS (SELECT ");
        s += sql::kCommentColumns;
        s += ", author_email, notify FROM comments WHERE ";  // the rows add_exported_comment_row reads
        return s;
    }(),
    1,
    ") SELECT c.*, e.text, e.replaced_at, e.edited_by FROM c"
    " LEFT JOIN comment_edits AS e ON e.comment_id = c.id ORDER BY c.id, e.id");
const Statement kReportsBy([] {
    std::string s("SELECT ");
    s += kReportColumns;
    s += " FROM reports WHERE reporter = ANY($1::text[]) ORDER BY id";
    return s;
}());
const Statement kBansOn([] {
    std::string s("SELECT ");
    s += kBanColumns;
    s += " FROM bans WHERE kind = $1::text AND value = $2::text ORDER BY id";
    return s;
}());

// Children before parents (replies have higher ids), as delete_comment locks them.
const sql::ByAuthor kLockAuthorComments("SELECT id FROM comments WHERE ", 1, " ORDER BY id DESC FOR NO KEY UPDATE");
const Statement kScrub(
    "UPDATE comments SET text = '', author_name = '', author_badge = '', author_verified = 0, author_token_hash = '',"
    " author_email = '', ip_hash = '', filter_reason = "
    "'', notify = 0,"
    " author_user_id = NULL WHERE id = ANY($1::bigint[])");
const Statement kDeleteEdits("DELETE FROM comment_edits WHERE comment_id = ANY($1::bigint[])");
// Open reports leave their comment's open_reports with them.
const Statement kDeleteReports(
    "WITH gone AS (DELETE FROM reports WHERE reporter = ANY($1::text[]) RETURNING comment_id, resolved),"
    " open AS (SELECT comment_id, count(*) AS n FROM gone WHERE resolved = 0 GROUP BY comment_id),"
    " recounted AS (UPDATE comments AS c SET open_reports = greatest(c.open_reports - open.n, 0) FROM open"
    " WHERE c.id = open.comment_id RETURNING c.id)"
    " SELECT count(*) FROM gone");
const Statement kDeleteUser("DELETE FROM users WHERE id = $1::bigint RETURNING id");
// The id goes too, as on SQLite (where the next account may get it).
const Statement kRenameActor(
    "UPDATE audit_log SET actor = $2::text, actor_user_id = NULL WHERE actor_user_id = $1::bigint");
const Statement kRetireUserTarget("UPDATE audit_log SET target = 'user:erased' WHERE target = $1::text");
const Statement kScrubAudit(
    "UPDATE audit_log SET before_json = '{\"erased\":true}', after_json = '{\"erased\":true}'"
    " WHERE target = ANY($1::text[])");

const sql::ByAuthor kAuthorEmails("SELECT DISTINCT author_email FROM comments WHERE ", 1, " AND author_email <> ''");

std::vector<std::string> reporter_keys(const domain::AuthorKey& author, const std::string& reporter) {
    std::vector<std::string> keys;
    if (!reporter.empty()) keys.push_back(reporter);
    if (author.user_id) {
        keys.push_back("u:" + std::to_string(*author.user_id));
    } else if (!author.token_hash.empty()) {
        keys.push_back("t:" + author.token_hash);
    }  // an email key files no reports
    return keys;
}

Result<std::vector<CommentRecord>> comments_of(Connection& db, const domain::AuthorKey& author) {
    std::vector<CommentRecord> out;
    if (author.empty()) return out;
    Params params;
    sql::add_author(params, author);
    auto r = db.run(kAuthorComments.of(author), params);
    if (!r) return r.error();
    for (int i = 0; i < r->rows(); ++i) add_exported_comment_row(out, PgRow{*r, i});
    return out;
}

Result<std::vector<domain::Report>> reports_by(Connection& db, const std::vector<std::string>& reporters) {
    std::vector<domain::Report> out;
    if (reporters.empty()) return out;
    auto r = db.run(kReportsBy, Params().add(text_array(reporters)));
    if (!r) return r.error();
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_report(*r, i));
    return out;
}

Result<std::vector<domain::Ban>> bans_on(Connection& db, const domain::AuthorKey& author) {
    std::vector<domain::Ban> out;
    if (author.empty()) return out;
    Params params;
    if (author.user_id) {
        params.add(to_string(domain::BanKind::kUser)).add(std::to_string(*author.user_id));
    } else if (!author.token_hash.empty()) {
        params.add(to_string(domain::BanKind::kToken)).add(author.token_hash);
    } else {
        return out;  // no ban is ever on an email
    }
    auto r = db.run(kBansOn, params);
    if (!r) return r.error();
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_ban(*r, i));
    return out;
}

// The addresses the author's mail is kept under (notification_steps::addresses_of), read before
// erasing clears them.
Result<std::vector<std::string>> mail_addresses_of(Connection& db, const domain::AuthorKey& author) {
    std::vector<std::string> emails;
    if (!author.empty()) {
        Params params;
        sql::add_author(params, author);
        auto r = db.run(kAuthorEmails.of(author), params);
        if (!r) return r.error();
        for (int i = 0; i < r->rows(); ++i) emails.push_back(r->text(i, 0));
    }
    std::optional<domain::User> user;
    if (author.user_id) {
        auto found = user_by_id(db, *author.user_id);
        if (found) user = std::move(*found);
        else if (found.error().code != domain::ErrorCode::kNotFound) return found.error();
    }
    return notification_steps::addresses_of(author.email, user, emails);
}

// Tombstones every comment of the author, as delete_comment does, then clears what it keeps.
// Returns their ids.
Result<std::vector<domain::CommentId>> erase_comments(Connection& db, const domain::AuthorKey& author) {
    std::vector<domain::CommentId> ids;
    if (author.empty()) return ids;
    Params params;
    sql::add_author(params, author);
    auto locked = db.run(kLockAuthorComments.of(author), params);
    if (!locked) return locked.error();
    ids.reserve(static_cast<std::size_t>(locked->rows()));
    for (int i = 0; i < locked->rows(); ++i) ids.push_back(locked->int64(i, 0));
    if (ids.empty()) return ids;

    ChangeExecutor changes(db);
    for (domain::CommentId id : ids) {
        if (auto ok = store::delete_comment(changes, id); !ok) return ok.error();
    }
    const std::string id_array = int64_array(ids);
    if (auto ok = db.run(kScrub, Params().add(id_array)); !ok) return ok.error();
    // delete_comment skips comments already deleted; their edits went when they were.
    if (auto ok = db.run(kDeleteEdits, Params().add(id_array)); !ok) return ok.error();
    return ids;
}

}  // namespace

Result<AuthorData> PgStore::author_data(const domain::AuthorKey& author, const std::string& reporter) {
    return run_read<AuthorData>(*pool_, retry_, [&](Connection& db) -> Result<AuthorData> {
        AuthorData data;
        if (author.user_id) {
            auto user = user_by_id(db, *author.user_id);
            if (user) {
                data.user = std::move(*user);
            } else if (user.error().code != domain::ErrorCode::kNotFound) {
                return user.error();
            }
            PgSession identities_session(db);
            auto identities = identity_steps::external_identities(identities_session, *author.user_id);
            if (!identities) return identities.error();
            data.identities = std::move(*identities);
        }
        auto comments = comments_of(db, author);
        if (!comments) return comments.error();
        data.comments = std::move(*comments);
        auto reports = reports_by(db, reporter_keys(author, reporter));
        if (!reports) return reports.error();
        data.reports_filed = std::move(*reports);
        auto bans = bans_on(db, author);
        if (!bans) return bans.error();
        data.bans = std::move(*bans);
        std::vector<std::string> kept;
        for (const auto& rec : data.comments) kept.push_back(rec.author_email);
        PgSession session(db);
        auto mail =
            notification_steps::author_mail(session, notification_steps::addresses_of(author.email, data.user, kept));
        if (!mail) return mail.error();
        data.mail = std::move(*mail);
        return data;
    });
}

Result<EraseSummary> PgStore::erase_author(const domain::AuthorKey& author, const std::string& reporter) {
    return run_write<EraseSummary>(*pool_, retry_, [&](Connection& db) -> Result<EraseSummary> {
        EraseSummary summary;
        auto addresses = mail_addresses_of(db, author);
        if (!addresses) return addresses.error();
        auto ids = erase_comments(db, author);
        if (!ids) return ids.error();
        summary.comments = static_cast<std::int64_t>(ids->size());

        if (const auto keys = reporter_keys(author, reporter); !keys.empty()) {
            auto removed = db.run(kDeleteReports, Params().add(text_array(keys)));
            if (!removed) return removed.error();
            summary.reports = removed->int64(0, 0);
        }

        if (author.user_id) {
            if (auto ok = end_user_sessions(db, *author.user_id); !ok) return ok.error();
            auto removed = db.run(kDeleteUser, Params().add(*author.user_id));
            if (!removed) return removed.error();
            summary.user_removed = removed->rows() > 0;
        }

        std::vector<std::string> targets;
        targets.reserve(ids->size() + 1);
        for (domain::CommentId id : *ids) targets.push_back("comment:" + std::to_string(id));
        if (author.user_id) {
            // The account's own entries (user.create, user.update) hold its email and name; the
            // entries of what it did name it as the actor.
            targets.push_back("user:" + std::to_string(*author.user_id));
            if (auto ok = db.run(kRenameActor, Params().add(*author.user_id).add(std::string(kErasedActor))); !ok)
                return ok.error();
        }
        if (!targets.empty()) {
            auto scrubbed = db.run(kScrubAudit, Params().add(text_array(targets)));
            if (!scrubbed) return scrubbed.error();
            summary.audit_entries = scrubbed->affected_rows();
            if (author.user_id)
                if (auto ok = db.run(kRetireUserTarget, Params().add("user:" + std::to_string(*author.user_id))); !ok)
                    return ok.error();
        }
        PgSession session(db);
        if (auto ok = notification_steps::erase_author_mail(session, *addresses); !ok) return ok.error();
        // Pending sign-ins name the person's address or account; linked identities went with the
        // account (ON DELETE CASCADE).
        if (auto ok = identity_steps::erase_sign_ins(session, *addresses, author.user_id); !ok) return ok.error();
        return summary;
    });
}

}  // namespace tribune::store::postgres
