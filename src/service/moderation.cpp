#include "service/moderation.hpp"

#include <algorithm>
#include "domain/comment_text.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/policies.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;
using store::Queue;

namespace {

constexpr int kMaxBulk = 200;


bool known_action(std::string_view a) {
    return a == "approve" || a == "reject" || a == "spam" || a == "feature" || a == "unfeature";
}

domain::Error unknown_action() {
    return make_error(ErrorCode::kInvalid, "Unknown moderation action",
                      "action must be approve, reject, spam, feature or unfeature",
                      {domain::FieldError{"action", "must be approve, reject, spam, feature or unfeature"}});
}

domain::Result<QueueItem> describe(Context& ctx, domain::Comment c) {
    QueueItem item;
    if (c.parent_id) {
        auto parent = ctx.store.get_comment(*c.parent_id);
        if (parent) item.parent = std::move(*parent);
        else if (parent.error().code != ErrorCode::kNotFound) return parent.error();
    }
    constexpr std::string_view kArticles = "/articles/";
    if (c.page.starts_with(kArticles)) {
        auto article = ctx.store.article_for_page(c.page);
        if (article) item.article = std::move(*article);
        else if (article.error().code != ErrorCode::kNotFound) return article.error();
    }
    const auto key = domain::author_key_of(c);
    if (!key.empty()) {
        auto stats = ctx.store.author_stats(key);
        if (!stats) return stats.error();
        item.author = *stats;
    }
    if (c.edited_at) {
        auto edits = ctx.store.edit_history(c.id);
        if (!edits) return edits.error();
        item.edits = std::move(*edits);
    }
    if (c.open_reports > 0) {
        auto reports = ctx.store.reports_for(c.id);
        if (!reports) return reports.error();
        item.reports = std::move(*reports);
    }
    item.comment = std::move(c);
    return item;
}

}  // namespace

std::optional<Queue> parse_queue(std::string_view s) {
    for (auto q : {Queue::kPending, Queue::kReported, Queue::kApproved, Queue::kRejected, Queue::kSpam, Queue::kDeleted})
        if (to_string(q) == s) return q;
    return std::nullopt;
}

std::string_view to_string(Queue q) {
    switch (q) {
        case Queue::kPending: return "pending";
        case Queue::kReported: return "reported";
        case Queue::kApproved: return "approved";
        case Queue::kRejected: return "rejected";
        case Queue::kSpam: return "spam";
        case Queue::kDeleted: return "deleted";
    }
    return "pending";
}

domain::Result<QueueView> load_queue(Context& ctx, const Actor& who, const QueueRequest& r) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    auto policy = install_policy(ctx);
    if (!policy) return policy.error();
    store::QueueQuery q;
    q.queue = r.queue;
    q.after_id = r.after_id;
    q.limit = std::clamp(r.limit, 1, 200);
    q.text_contains = r.text;
    q.author_contains = r.author;
    q.page = r.page;
    q.min_reports = policy->report_threshold;
    // The oldest waiting comment is the most urgent; finished queues read newest first.
    q.order = (r.queue == Queue::kPending || r.queue == Queue::kReported) ? domain::SortOrder::kOldest
                                                                          : domain::SortOrder::kNewest;
    auto page = ctx.store.list_queue(q);
    if (!page) return page.error();
    QueueView v;
    for (auto& c : page->comments) {
        auto item = describe(ctx, std::move(c));
        if (!item) return item.error();
        v.items.push_back(std::move(*item));
    }
    if (page->has_more && !v.items.empty()) v.next_after_id = v.items.back().comment.id;
    const std::vector<Queue> tabs{Queue::kPending, Queue::kReported, Queue::kApproved, Queue::kRejected, Queue::kSpam};
    auto counts = ctx.store.count_queues(tabs, policy->report_threshold);
    if (!counts) return counts.error();
    for (std::size_t i = 0; i < tabs.size() && i < counts->size(); ++i) v.counts.emplace_back(tabs[i], (*counts)[i]);
    return v;
}

domain::Result<QueueItem> load_item(Context& ctx, const Actor& who, domain::CommentId id) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    auto c = ctx.store.get_comment(id);
    if (!c) return c.error();
    return describe(ctx, std::move(*c));
}

domain::Result<domain::Comment> apply_moderation(Context& ctx, const domain::Comment& found, std::string_view action,
                                             const Actor& who,
                                                 const std::optional<std::string>& seen_version) {
    if (found.status == domain::CommentStatus::kDeleted)
        return make_error(ErrorCode::kConflict, "Comment is deleted", "a deleted comment cannot be moderated");
    domain::Comment now = found;
    if (action == "feature" || action == "unfeature") {
        const bool on = action == "feature";
        if (found.featured == on) return found;
        auto changed = ctx.store.set_featured(found.id, on);
        if (!changed) return changed.error();
        now = std::move(*changed);
    } else {
        domain::CommentStatus to;
        if (action == "approve") to = domain::CommentStatus::kApproved;
        else if (action == "reject") to = domain::CommentStatus::kRejected;
        else to = domain::CommentStatus::kSpam;
        if (seen_version && *seen_version != domain::text_version(found))
            return make_error(ErrorCode::kConflict, "The comment changed",
                              "its text was edited since you saw it; look at it again");
        if (found.status != to) {
            auto moved = ctx.store.set_status(found.id, to, seen_version);
            if (!moved) return moved.error();
            now = std::move(*moved);
        }
        if (found.open_reports > 0) {  // a moderator looked at it: its reports are answered
            auto resolved = ctx.store.resolve_reports(found.id);
            if (!resolved) return resolved.error();
            now = std::move(*resolved);
        }
        if (found.status == to && found.open_reports == 0) return found;  // nothing changed
    }
    ctx.changed(CommentChange::kUpdated, now);
    if (auto ok = record_audit(ctx, who, "comment." + std::string(action), comment_target(found.id), encode_comment(found),
                        encode_comment(now));
        !ok)
        return ok.error();
    return now;
}

domain::Result<domain::Comment> moderate_comment(Context& ctx, domain::CommentId id, std::string_view action,
                                                 const Actor& who, const std::optional<std::string>& seen_version) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    if (!known_action(action)) return unknown_action();
    auto found = ctx.store.get_comment(id);
    if (!found) return found.error();
    return apply_moderation(ctx, *found, action, who, seen_version);
}

domain::Result<BulkOutcome> bulk_moderate(Context& ctx, const std::vector<domain::CommentId>& ids,
                                          std::string_view action, const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    if (!known_action(action)) return unknown_action();
    if (ids.empty() || ids.size() > static_cast<std::size_t>(kMaxBulk))
        return make_error(ErrorCode::kInvalid, "Choose 1 to 200 comments", "ids must name 1..200 comments",
                          {domain::FieldError{"ids", "1..200 ids"}});
    BulkOutcome out;
    for (auto id : ids) {
        auto found = ctx.store.get_comment(id);
        auto done = found ? apply_moderation(ctx, *found, action, who) : domain::Result<domain::Comment>(found.error());
        if (done) out.done.push_back(std::move(*done));
        else out.failed.emplace_back(id, done.error());
    }
    return out;
}

}  // namespace tribune::service
