// TEMPORARY: defaults for the moderation methods while the engines implement them. Removed
// (methods made pure) once SqliteStore and PgStore override every one.
#include "store/store.hpp"

#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace tribune::store {
namespace {
domain::Error unimplemented() {
    return domain::make_error(domain::ErrorCode::kInternal, "Not implemented", "this store engine lacks the call");
}
}  // namespace

Result<domain::Comment> Store::set_featured(domain::CommentId id, bool featured) { return unimplemented(); }
Result<CommentPage> Store::list_queue(const QueueQuery& q) { return unimplemented(); }
Result<std::vector<std::int64_t>> Store::count_queues(const std::vector<Queue>& queues, std::int64_t min_reports) { return unimplemented(); }
Result<domain::AuthorStats> Store::author_stats(const domain::AuthorKey& author) { return unimplemented(); }
Result<std::vector<std::string>> Store::recent_texts(const domain::AuthorKey& author, domain::Time since, int limit) { return unimplemented(); }
Result<ReportOutcome> Store::add_report(domain::CommentId id, const std::string& reason, const std::string& reporter, domain::Time at) { return unimplemented(); }
Result<std::vector<domain::Report>> Store::reports_for(domain::CommentId id) { return unimplemented(); }
Result<domain::Comment> Store::resolve_reports(domain::CommentId id) { return unimplemented(); }
Result<domain::Ban> Store::insert_ban(const domain::Ban& b) { return unimplemented(); }
Result<std::optional<domain::Ban>> Store::find_active_ban(const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) { return unimplemented(); }
Result<std::vector<domain::Ban>> Store::list_active_bans(domain::Time now, int limit) { return unimplemented(); }
Result<domain::Ban> Store::lift_ban(std::int64_t id) { return unimplemented(); }
Result<domain::User> Store::insert_user(const domain::NewUser& u) { return unimplemented(); }
Result<domain::User> Store::get_user(domain::UserId id) { return unimplemented(); }
Result<domain::User> Store::find_user_by_email(std::string_view email) { return unimplemented(); }
Result<std::vector<domain::User>> Store::list_users() { return unimplemented(); }
Result<domain::User> Store::update_user(const domain::User& u) { return unimplemented(); }
Result<void> Store::insert_session(const domain::Session& s) { return unimplemented(); }
Result<domain::Session> Store::get_session(std::string_view token_hash, domain::Time now) { return unimplemented(); }
Result<void> Store::delete_session(std::string_view token_hash) { return unimplemented(); }
Result<void> Store::delete_user_sessions(domain::UserId user_id) { return unimplemented(); }
Result<domain::AuditEntry> Store::append_audit(const domain::AuditEntry& e) { return unimplemented(); }
Result<std::vector<domain::AuditEntry>> Store::list_audit(std::optional<std::int64_t> before_id, int limit, std::string_view target) { return unimplemented(); }
Result<std::optional<domain::ThreadPolicy>> Store::get_thread_policy(std::string_view page) { return unimplemented(); }
Result<void> Store::put_thread_policy(const domain::ThreadPolicy& p) { return unimplemented(); }
Result<std::optional<domain::Time>> Store::first_comment_at(std::string_view page) { return unimplemented(); }
Result<std::optional<std::string>> Store::get_setting(std::string_view key) { return unimplemented(); }
Result<void> Store::put_setting(std::string_view key, std::string_view value) { return unimplemented(); }
Result<AuthorData> Store::author_data(const domain::AuthorKey& author, const std::string& reporter) { return unimplemented(); }
Result<EraseSummary> Store::erase_author(const domain::AuthorKey& author, const std::string& reporter) { return unimplemented(); }

}  // namespace tribune::store
