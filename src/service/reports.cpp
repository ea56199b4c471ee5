#include "service/reports.hpp"

#include "domain/comment_text.hpp"
#include "domain/utf8.hpp"
#include "service/audit.hpp"
#include "service/policies.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;


domain::Result<store::ReportOutcome> report_comment(Context& ctx, domain::CommentId id, std::string_view reason_in,
                                                    const Actor& who) {
    auto reason = domain::validate_comment_text(reason_in, ctx.rules.limits);
    if (!reason || reason->empty() || domain::utf8_length(*reason).value_or(0) > 500)
        return make_error(ErrorCode::kInvalid, "Give a reason for the report", "reason: 1..500 characters",
                          {domain::FieldError{"reason", "1..500 characters"}});
    auto found = ctx.store.get_comment(id);
    if (!found) return found.error();
    if (found->status != domain::CommentStatus::kApproved)  // only what readers can see
        return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment");
    const std::string ip_hash = ctx.guards.hash_ip(who.client_ip);
    if (!who.admin_token) {
        if (auto wait = ctx.guards.reports_per_ip.take(ip_hash, std::chrono::steady_clock::now())) {
            auto e = make_error(ErrorCode::kRateLimited, "Too many reports", "try again later");
            e.retry_after_seconds = static_cast<int>(wait->count());
            return e;
        }
    }
    std::string reporter;
    if (who.viewer.user_id) reporter = "u:" + std::to_string(*who.viewer.user_id);
    else if (!who.viewer.author_token_hash.empty()) reporter = "t:" + who.viewer.author_token_hash;
    else reporter = "ip:" + ip_hash;
    // Accounts (and automation) count as themselves; anonymous reporters by network: author
    // tokens cost nothing to make, so one person with many of them is still one reporter.
    const std::string network = who.viewer.user_id || who.admin_token ? std::string{} : ip_hash;
    auto outcome = ctx.store.add_report(id, *reason, reporter, network, ctx.clock.now());
    if (!outcome) return outcome.error();
    auto policy = install_policy(ctx);
    if (!policy) return policy.error();
    if (policy->hide_reported && outcome->comment.open_reports >= policy->report_threshold &&
        outcome->comment.status == domain::CommentStatus::kApproved) {
        auto hidden = ctx.store.set_status(id, domain::CommentStatus::kPending, std::nullopt);
        if (!hidden) return hidden.error();
        ctx.changed(CommentChange::kUpdated, *hidden);
        Actor system;
        system.viewer.name = "reports";
        if (auto ok = record_audit(ctx, system, "comment.hide", comment_target(id), encode_comment(outcome->comment),
                            encode_comment(*hidden));
            !ok)
            return ok.error();
        outcome->comment = std::move(*hidden);
    } else if (outcome->comment.open_reports == policy->report_threshold) {
        ctx.changed(CommentChange::kUpdated, outcome->comment);  // it just entered the Reported queue
    }
    return outcome;
}

}  // namespace tribune::service
