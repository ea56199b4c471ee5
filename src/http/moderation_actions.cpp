#include "http/moderation_actions.hpp"

#include <algorithm>
#include <cctype>
#include <climits>

#include "domain/comment_text.hpp"
#include "domain/decimal.hpp"
#include "domain/utf8.hpp"
#include "http/author_token.hpp"
#include "http/json_codec.hpp"
#include "http/moderation_codec.hpp"
#include "http/password.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::make_error;
using store::Queue;

constexpr int kMaxBulk = 200;
constexpr auto kPolicyRecheck = std::chrono::seconds(5);

domain::Error needs_login() {
    return make_error(ErrorCode::kUnauthenticated, "Authentication required", "log in as a moderator");
}

std::string target_of(domain::CommentId id) { return "comment:" + std::to_string(id); }

std::optional<int> parse_int(std::string_view s) {
    const auto v = domain::parse_integer(s);
    if (!v || *v < INT_MIN || *v > INT_MAX) return std::nullopt;
    return static_cast<int>(*v);
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        if (!line.empty()) out.emplace_back(line);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
    return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

domain::Result<InstallPolicy> read_install_policy(Services& s) {
    InstallPolicy p = s.config.policy;
    auto get = [&](std::string_view key) { return s.store.get_setting(key); };
    auto mode = get("moderation");
    if (!mode) return mode.error();
    if (*mode) p.moderation = domain::parse_moderation_mode(**mode).value_or(p.moderation);
    auto days = get("auto_close_days");
    if (!days) return days.error();
    if (*days) p.auto_close_days = parse_int(**days);
    auto threshold = get("report_threshold");
    if (!threshold) return threshold.error();
    if (*threshold) p.report_threshold = parse_int(**threshold).value_or(p.report_threshold);
    auto hide = get("hide_reported");
    if (!hide) return hide.error();
    if (*hide) p.hide_reported = **hide == "1";
    auto words = get("banned_words");
    if (!words) return words.error();
    if (*words) p.banned_words = split_lines(**words);
    auto links = get("max_links");
    if (!links) return links.error();
    if (*links) p.max_links = parse_int(**links).value_or(p.max_links);
    return p;
}

domain::Result<void> validate_policy(const InstallPolicy& p) {
    std::vector<domain::FieldError> bad;
    if (p.auto_close_days && (*p.auto_close_days < 1 || *p.auto_close_days > 36500))
        bad.push_back({"auto_close_days", "must be 1..36500 days, or empty for never"});
    if (p.report_threshold < 1 || p.report_threshold > 1000) bad.push_back({"report_threshold", "must be 1..1000"});
    if (p.max_links < -1 || p.max_links > 100) bad.push_back({"max_links", "must be -1 (no limit) .. 100"});
    if (p.banned_words.size() > 5000) bad.push_back({"banned_words", "at most 5000 entries"});
    for (const auto& w : p.banned_words)
        if (w.size() > 100) {
            bad.push_back({"banned_words", "each entry at most 100 bytes"});
            break;
        }
    if (!bad.empty()) {
        std::string detail = bad.front().field + " " + bad.front().message;  // before `bad` is moved
        return make_error(ErrorCode::kInvalid, "Invalid policy", std::move(detail), std::move(bad));
    }
    return {};
}

domain::Result<domain::Comment> apply_action(Services& s, const domain::Comment& found, std::string_view action,
                                             const Identity& who,
                                             const std::optional<std::string>& seen_version = std::nullopt) {
    if (found.status == domain::CommentStatus::kDeleted)
        return make_error(ErrorCode::kConflict, "Comment is deleted", "a deleted comment cannot be moderated");
    domain::Comment now = found;
    if (action == "feature" || action == "unfeature") {
        const bool on = action == "feature";
        if (found.featured == on) return found;
        auto changed = s.store.set_featured(found.id, on);
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
            auto moved = s.store.set_status(found.id, to, seen_version);
            if (!moved) return moved.error();
            now = std::move(*moved);
        }
        if (found.open_reports > 0) {  // a moderator looked at it: its reports are answered
            auto resolved = s.store.resolve_reports(found.id);
            if (!resolved) return resolved.error();
            now = std::move(*resolved);
        }
        if (found.status == to && found.open_reports == 0) return found;  // nothing changed
    }
    s.changed(CommentChange::kUpdated, now);
    if (auto ok = record_audit(s, who, "comment." + std::string(action), target_of(found.id), encode_comment(found),
                        encode_comment(now));
        !ok)
        return ok.error();
    return now;
}

bool known_action(std::string_view a) {
    return a == "approve" || a == "reject" || a == "spam" || a == "feature" || a == "unfeature";
}

domain::Error unknown_action() {
    return make_error(ErrorCode::kInvalid, "Unknown moderation action",
                      "action must be approve, reject, spam, feature or unfeature",
                      {domain::FieldError{"action", "must be approve, reject, spam, feature or unfeature"}});
}

domain::Result<QueueItem> describe(Services& s, domain::Comment c) {
    QueueItem item;
    if (c.parent_id) {
        auto parent = s.store.get_comment(*c.parent_id);
        if (parent) item.parent = std::move(*parent);
        else if (parent.error().code != ErrorCode::kNotFound) return parent.error();
    }
    constexpr std::string_view kArticles = "/articles/";
    if (c.page.starts_with(kArticles)) {
        auto article = s.store.get_article(std::string_view(c.page).substr(kArticles.size()));
        if (article) item.article = std::move(*article);
        else if (article.error().code != ErrorCode::kNotFound) return article.error();
    }
    const auto key = domain::author_key_of(c);
    if (!key.empty()) {
        auto stats = s.store.author_stats(key);
        if (!stats) return stats.error();
        item.author = *stats;
    }
    if (c.edited_at) {
        auto edits = s.store.edit_history(c.id);
        if (!edits) return edits.error();
        item.edits = std::move(*edits);
    }
    if (c.open_reports > 0) {
        auto reports = s.store.reports_for(c.id);
        if (!reports) return reports.error();
        item.reports = std::move(*reports);
    }
    item.comment = std::move(c);
    return item;
}

domain::Result<domain::AuthorKey> resolve_author(Services& s, const AuthorRef& ref) {
    domain::AuthorKey key;
    if (ref.user_id) {
        auto user = s.store.get_user(*ref.user_id);
        if (!user) return user.error();
        key.user_id = user->id;
        return key;
    }
    if (!ref.comment_id)
        return make_error(ErrorCode::kInvalid, "Name a commenter", "give a comment id or a user id",
                          {domain::FieldError{"comment", "give a comment id or a user id"}});
    auto c = s.store.get_comment(*ref.comment_id);
    if (!c) return c.error();
    key = domain::author_key_of(*c);
    if (key.empty())
        return make_error(ErrorCode::kInvalid, "Nothing left to identify the author",
                          "this comment's author was already erased");
    return key;
}

std::string reporter_key(const domain::AuthorKey& k) {
    return k.user_id ? "u:" + std::to_string(*k.user_id) : "t:" + k.token_hash;
}

}  // namespace

domain::Result<void> require_staff(const Identity& who) {
    if (who.viewer.is_staff()) return {};
    if (!who.credentials) return needs_login();
    return make_error(ErrorCode::kForbidden, "Moderators only", "only moderators and admins may do this");
}

domain::Result<void> require_admin(const Identity& who) {
    if (who.viewer.role == domain::Role::kAdmin) return {};
    if (!who.credentials) return needs_login();
    return make_error(ErrorCode::kForbidden, "Admins only", "only admins may do this");
}

// A failed append fails the action's answer: nothing a moderator does may go untraced (the
// change itself is committed; the error tells them to look).
domain::Result<void> record_audit(Services& s, const Identity& who, std::string action, std::string target,
                                  std::string before, std::string after) {
    domain::AuditEntry e;
    e.at = s.clock.now();
    e.actor_user_id = who.viewer.user_id;
    e.actor = who.actor_name();
    e.action = std::move(action);
    e.target = std::move(target);
    e.before = before.empty() ? "{}" : std::move(before);
    e.after = after.empty() ? "{}" : std::move(after);
    auto stored = s.store.append_audit(e);
    if (!stored) return stored.error();
    return {};
}

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

domain::Result<QueueView> load_queue(Services& s, const Identity& who, const QueueRequest& r) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    auto policy = install_policy(s);
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
    auto page = s.store.list_queue(q);
    if (!page) return page.error();
    QueueView v;
    for (auto& c : page->comments) {
        auto item = describe(s, std::move(c));
        if (!item) return item.error();
        v.items.push_back(std::move(*item));
    }
    if (page->has_more && !v.items.empty()) v.next_after_id = v.items.back().comment.id;
    const std::vector<Queue> tabs{Queue::kPending, Queue::kReported, Queue::kApproved, Queue::kRejected, Queue::kSpam};
    auto counts = s.store.count_queues(tabs, policy->report_threshold);
    if (!counts) return counts.error();
    for (std::size_t i = 0; i < tabs.size() && i < counts->size(); ++i) v.counts.emplace_back(tabs[i], (*counts)[i]);
    return v;
}

domain::Result<QueueItem> load_item(Services& s, const Identity& who, domain::CommentId id) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    auto c = s.store.get_comment(id);
    if (!c) return c.error();
    return describe(s, std::move(*c));
}

domain::Result<domain::Comment> moderate_comment(Services& s, domain::CommentId id, std::string_view action,
                                                 const Identity& who, const std::optional<std::string>& seen_version) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    if (!known_action(action)) return unknown_action();
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    return apply_action(s, *found, action, who, seen_version);
}

domain::Result<BulkOutcome> bulk_moderate(Services& s, const std::vector<domain::CommentId>& ids,
                                          std::string_view action, const Identity& who) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    if (!known_action(action)) return unknown_action();
    if (ids.empty() || ids.size() > static_cast<std::size_t>(kMaxBulk))
        return make_error(ErrorCode::kInvalid, "Choose 1 to 200 comments", "ids must name 1..200 comments",
                          {domain::FieldError{"ids", "1..200 ids"}});
    BulkOutcome out;
    for (auto id : ids) {
        auto found = s.store.get_comment(id);
        auto done = found ? apply_action(s, *found, action, who) : domain::Result<domain::Comment>(found.error());
        if (done) out.done.push_back(std::move(*done));
        else out.failed.emplace_back(id, done.error());
    }
    return out;
}

domain::Result<std::vector<domain::Ban>> ban_author(Services& s, domain::CommentId id,
                                                    std::optional<int> duration_days, std::string_view reason,
                                                    const Identity& who) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    if (duration_days && (*duration_days < 1 || *duration_days > 36500))
        return make_error(ErrorCode::kInvalid, "Invalid ban duration", "days must be 1..36500, or none for good",
                          {domain::FieldError{"days", "1..36500"}});
    if (reason.size() > 500)
        return make_error(ErrorCode::kInvalid, "Reason too long", "at most 500 bytes",
                          {domain::FieldError{"reason", "at most 500 bytes"}});
    // Found by fuzzing: the reason reaches JSON answers and the audit log, so it must be text.
    if (!reason.empty() && !domain::validate_comment_text(reason, s.config.limits))
        return make_error(ErrorCode::kInvalid, "Invalid reason", "the reason must be UTF-8 text without control characters",
                          {domain::FieldError{"reason", "UTF-8 text without control characters"}});
    auto c = s.store.get_comment(id);
    if (!c) return c.error();
    if (domain::is_staff(c->author.role))
        return make_error(ErrorCode::kInvalid, "Staff cannot be banned", "change the account's role first");
    std::vector<std::pair<domain::BanKind, std::string>> keys;
    if (c->author.user_id) keys.emplace_back(domain::BanKind::kUser, std::to_string(*c->author.user_id));
    if (!c->author_token_hash.empty()) keys.emplace_back(domain::BanKind::kToken, c->author_token_hash);
    if (!c->ip_hash.empty()) keys.emplace_back(domain::BanKind::kIp, c->ip_hash);
    if (keys.empty())
        return make_error(ErrorCode::kInvalid, "Nothing left to ban", "this comment's author was erased");
    std::vector<domain::Ban> out;
    const auto now = s.clock.now();
    for (auto& [kind, value] : keys) {
        domain::Ban b;
        b.kind = kind;
        b.value = std::move(value);
        b.reason = std::string(reason);
        b.created_by = who.actor_name();
        b.created_at = now;
        if (duration_days) b.expires_at = now + std::chrono::hours(24) * *duration_days;
        auto stored = s.store.insert_ban(b);
        if (!stored) return stored.error();
        if (auto ok = record_audit(s, who, "ban.create", "ban:" + std::to_string(stored->id), "{}", encode_ban(*stored) );
            !ok)
            return ok.error();
        out.push_back(std::move(*stored));
    }
    // The comment that earned the ban leaves the site with it.
    if (c->status != domain::CommentStatus::kSpam && c->status != domain::CommentStatus::kDeleted) {
        auto spam = apply_action(s, *c, "spam", who);
        if (!spam) return spam.error();
    }
    return out;
}

domain::Result<std::vector<domain::Ban>> list_bans(Services& s, const Identity& who) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    return s.store.list_active_bans(s.clock.now(), 500);
}

domain::Result<domain::Ban> lift_ban(Services& s, std::int64_t ban_id, const Identity& who) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    auto lifted = s.store.lift_ban(ban_id);
    if (!lifted) return lifted.error();
    domain::Ban before = *lifted;
    before.lifted = false;
    if (auto ok = record_audit(s, who, "ban.lift", "ban:" + std::to_string(ban_id), encode_ban(before), encode_ban(*lifted));
        !ok)
        return ok.error();
    return lifted;
}

domain::Result<store::ReportOutcome> report_comment(Services& s, domain::CommentId id, std::string_view reason_in,
                                                    const Identity& who) {
    auto reason = domain::validate_comment_text(reason_in, s.config.limits);
    if (!reason || reason->empty() || domain::utf8_length(*reason).value_or(0) > 500)
        return make_error(ErrorCode::kInvalid, "Give a reason for the report", "reason: 1..500 characters",
                          {domain::FieldError{"reason", "1..500 characters"}});
    auto found = s.store.get_comment(id);
    if (!found) return found.error();
    if (found->status != domain::CommentStatus::kApproved)  // only what readers can see
        return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment");
    const std::string ip_hash = s.guards.hash_ip(who.client_ip);
    if (!who.admin_token) {
        if (auto wait = s.guards.reports_per_ip.take(ip_hash, std::chrono::steady_clock::now())) {
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
    auto outcome = s.store.add_report(id, *reason, reporter, network, s.clock.now());
    if (!outcome) return outcome.error();
    auto policy = install_policy(s);
    if (!policy) return policy.error();
    if (policy->hide_reported && outcome->comment.open_reports >= policy->report_threshold &&
        outcome->comment.status == domain::CommentStatus::kApproved) {
        auto hidden = s.store.set_status(id, domain::CommentStatus::kPending, std::nullopt);
        if (!hidden) return hidden.error();
        s.changed(CommentChange::kUpdated, *hidden);
        Identity system;
        system.viewer.name = "reports";
        if (auto ok = record_audit(s, system, "comment.hide", target_of(id), encode_comment(outcome->comment),
                            encode_comment(*hidden));
            !ok)
            return ok.error();
        outcome->comment = std::move(*hidden);
    } else if (outcome->comment.open_reports == policy->report_threshold) {
        s.changed(CommentChange::kUpdated, outcome->comment);  // it just entered the Reported queue
    }
    return outcome;
}

domain::Result<std::vector<domain::AuditEntry>> list_audit(Services& s, const Identity& who,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    return s.store.list_audit(before_id, std::clamp(limit, 1, 500), target);
}

domain::Result<InstallPolicy> install_policy(Services& s) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(s.guards.policy_mutex);
        if (s.guards.policy && now - s.guards.policy_loaded < kPolicyRecheck) return *s.guards.policy;
    }
    auto read = read_install_policy(s);
    if (!read) return read.error();
    std::lock_guard lock(s.guards.policy_mutex);
    s.guards.policy = *read;
    s.guards.policy_loaded = now;
    return read;
}

domain::Result<InstallPolicy> set_install_policy(Services& s, const InstallPolicy& p, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    if (auto ok = validate_policy(p); !ok) return ok.error();
    auto before = read_install_policy(s);
    if (!before) return before.error();
    const std::pair<std::string_view, std::string> values[] = {
        {"moderation", std::string(domain::to_string(p.moderation))},
        {"auto_close_days", p.auto_close_days ? std::to_string(*p.auto_close_days) : std::string()},
        {"report_threshold", std::to_string(p.report_threshold)},
        {"hide_reported", p.hide_reported ? "1" : "0"},
        {"banned_words", join_lines(p.banned_words)},
        {"max_links", std::to_string(p.max_links)},
    };
    for (const auto& [key, value] : values)
        if (auto ok = s.store.put_setting(key, value); !ok) return ok.error();
    auto after = read_install_policy(s);
    if (!after) return after.error();
    {
        std::lock_guard lock(s.guards.policy_mutex);
        s.guards.policy = *after;
        s.guards.policy_loaded = std::chrono::steady_clock::now();
    }
    if (auto ok = record_audit(s, who, "policy.install", "install", encode_install_policy(*before),
                        encode_install_policy(*after));
        !ok)
        return ok.error();
    return after;
}

domain::Result<domain::ThreadPolicy> thread_policy(Services& s, const std::string& page) {
    auto p = s.store.get_thread_policy(page);
    if (!p) return p.error();
    if (*p) return **p;
    domain::ThreadPolicy none;
    none.page = page;
    return none;
}

domain::Result<domain::ThreadPolicy> set_thread_policy(Services& s, const domain::ThreadPolicy& p,
                                                       const Identity& who) {
    if (auto ok = require_staff(who); !ok) return ok.error();
    auto page = domain::validate_page_key(p.page, s.config.limits);
    if (!page) return page.error();
    if (p.auto_close_days && (*p.auto_close_days < 1 || *p.auto_close_days > 36500))
        return make_error(ErrorCode::kInvalid, "Invalid policy", "auto_close_days must be 1..36500",
                          {domain::FieldError{"auto_close_days", "1..36500"}});
    auto before = thread_policy(s, *page);
    if (!before) return before.error();
    domain::ThreadPolicy clean = p;
    clean.page = *page;
    if (auto ok = s.store.put_thread_policy(clean); !ok) return ok.error();
    s.cache.invalidate(clean.page);  // the page shows whether it is closed
    if (auto ok = record_audit(s, who, "policy.thread", "page:" + clean.page, encode_thread_policy(*before),
                        encode_thread_policy(clean));
        !ok)
        return ok.error();
    return clean;
}

domain::Result<EffectivePolicy> effective_policy(Services& s, const std::string& page) {
    auto install = install_policy(s);
    if (!install) return install.error();
    auto thread = s.store.get_thread_policy(page);
    if (!thread) return thread.error();
    EffectivePolicy e;
    e.moderation = install->moderation;
    std::optional<int> days = install->auto_close_days;
    if (*thread) {
        if ((*thread)->moderation) e.moderation = *(*thread)->moderation;
        if ((*thread)->auto_close_days) days = (*thread)->auto_close_days;
        if ((*thread)->closed) {
            e.closed = true;
            e.closed_reason = "Comments are closed.";
            return e;
        }
    }
    if (days) {
        // A thread opens with its article, or with its first comment on other sites' pages.
        std::optional<domain::Time> opened;
        constexpr std::string_view kArticles = "/articles/";
        if (page.starts_with(kArticles)) {
            auto article = s.store.get_article(std::string_view(page).substr(kArticles.size()));
            if (article) opened = article->published_at;
            else if (article.error().code != ErrorCode::kNotFound) return article.error();
        }
        if (!opened) {
            auto first = s.store.first_comment_at(page);
            if (!first) return first.error();
            opened = *first;
        }
        if (opened && s.clock.now() - *opened >= std::chrono::hours(24) * *days) {
            e.closed = true;
            e.closed_reason = "Comments closed " + std::to_string(*days) + " days after publication.";
        }
    }
    return e;
}

domain::Result<std::vector<domain::User>> list_users(Services& s, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    return s.store.list_users();
}

domain::Result<domain::User> create_user(Services& s, std::string_view email_in, std::string_view name_in,
                                         domain::Role role, std::string_view password, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    std::vector<domain::FieldError> bad;
    std::string email(email_in);
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto at = email.find('@');
    if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
        email.find_first_of(" \t\r\n<>\"") != std::string::npos)
        bad.push_back({"email", "must be an email address"});
    auto name = domain::validate_author_name(name_in, s.config.limits);
    if (!name || name_in.empty()) bad.push_back({"name", "1..64 characters, no control characters"});
    if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes)
        bad.push_back({"password", "10..1024 bytes"});
    if (!bad.empty()) {
        std::string detail = bad.front().field + ": " + bad.front().message;  // before `bad` is moved
        return make_error(ErrorCode::kInvalid, "Invalid account", std::move(detail), std::move(bad));
    }
    ConcurrencyLimit::Pass pass(s.guards.password_work);
    if (!pass.entered()) return make_error(ErrorCode::kUnavailable, "Server busy", "too many password checks at once; retry");
    auto hash = hash_password(password);
    if (!hash) return make_error(ErrorCode::kUnavailable, "Server busy", "could not hash the password; retry");
    domain::NewUser u{email, *name, role, *hash, s.clock.now()};
    auto stored = s.store.insert_user(u);
    if (!stored) {
        if (stored.error().code == ErrorCode::kConflict)
            return make_error(ErrorCode::kConflict, "Email already in use", "another account has this email",
                              {domain::FieldError{"email", "already in use"}});
        return stored.error();
    }
    if (auto ok = record_audit(s, who, "user.create", "user:" + std::to_string(stored->id), "{}", encode_user(*stored));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<domain::User> update_user(Services& s, domain::UserId id, std::optional<domain::Role> role,
                                         std::optional<bool> disabled, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    auto user = s.store.get_user(id);
    if (!user) return user.error();
    if (who.viewer.user_id && *who.viewer.user_id == id && ((role && *role != user->role) || (disabled && *disabled)))
        return make_error(ErrorCode::kConflict, "Not on your own account",
                          "another admin must change your role or disable you");
    domain::User changed = *user;
    if (role) changed.role = *role;
    if (disabled) changed.disabled = *disabled;
    if (changed == *user) return changed;
    auto stored = s.store.update_user(changed);
    if (!stored) return stored.error();
    if (stored->disabled || stored->role != user->role) {
        if (auto ok = s.store.delete_user_sessions(id); !ok) return ok.error();
        s.guards.sessions.erase_user(id);
    }
    if (auto ok = record_audit(s, who, "user.update", "user:" + std::to_string(id), encode_user(*user), encode_user(*stored));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<std::string> export_author(Services& s, const AuthorRef& ref, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    auto key = resolve_author(s, ref);
    if (!key) return key.error();
    auto data = s.store.author_data(*key, reporter_key(*key));
    if (!data) return data.error();
    if (auto ok = record_audit(s, who, "privacy.export", key->user_id ? "user:" + std::to_string(*key->user_id)
                                                               : "author:" + key->token_hash.substr(0, 12),
                        "{}", "{}");
        !ok)
        return ok.error();
    return encode_author_data(*data, s.clock.now());
}

domain::Result<store::EraseSummary> erase_author(Services& s, const AuthorRef& ref, const Identity& who) {
    if (auto ok = require_admin(who); !ok) return ok.error();
    auto key = resolve_author(s, ref);
    if (!key) return key.error();
    if (key->user_id && who.viewer.user_id && *key->user_id == *who.viewer.user_id)
        return make_error(ErrorCode::kConflict, "Not your own account", "another admin must erase it");
    // Which pages change, so their caches and readers hear of it.
    auto before = s.store.author_data(*key, reporter_key(*key));
    if (!before) return before.error();
    auto erased = s.store.erase_author(*key, reporter_key(*key));
    if (!erased) return erased.error();
    if (key->user_id) s.guards.sessions.erase_user(*key->user_id);
    for (const auto& rec : before->comments) s.changed(CommentChange::kDeleted, rec.comment);
    if (auto ok = record_audit(s, who, "privacy.erase",
                        key->user_id ? "user:" + std::to_string(*key->user_id) : "author:" + key->token_hash.substr(0, 12),
                        "{}", encode_erase_summary(*erased));
        !ok)
        return ok.error();
    return erased;
}

}  // namespace tribune::http
