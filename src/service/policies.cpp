#include "service/policies.hpp"

#include <cctype>
#include <climits>
#include "domain/comment_text.hpp"
#include "domain/decimal.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

namespace {

constexpr auto kPolicyRecheck = std::chrono::seconds(5);

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

domain::Result<InstallPolicy> read_install_policy(Context& ctx) {
    InstallPolicy p = ctx.rules.policy;
    auto get = [&](std::string_view key) { return ctx.store.get_setting(key); };
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
    auto signin = get("signin_required");
    if (!signin) return signin.error();
    if (*signin) p.signin_required = **signin == "1";
    auto after = get("signin_after_rejection");
    if (!after) return after.error();
    if (*after) p.signin_after_rejection = **after == "1";
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

}  // namespace

domain::Result<InstallPolicy> install_policy(Context& ctx) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(ctx.guards.policy_mutex);
        if (ctx.guards.policy && now - ctx.guards.policy_loaded < kPolicyRecheck) return *ctx.guards.policy;
    }
    auto read = read_install_policy(ctx);
    if (!read) return read.error();
    std::lock_guard lock(ctx.guards.policy_mutex);
    ctx.guards.policy = *read;
    ctx.guards.policy_loaded = now;
    return read;
}

domain::Result<InstallPolicy> set_install_policy(Context& ctx, const InstallPolicy& p, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    if (auto ok = validate_policy(p); !ok) return ok.error();
    auto before = read_install_policy(ctx);
    if (!before) return before.error();
    const std::pair<std::string_view, std::string> values[] = {
        {"moderation", std::string(domain::to_string(p.moderation))},
        {"auto_close_days", p.auto_close_days ? std::to_string(*p.auto_close_days) : std::string()},
        {"report_threshold", std::to_string(p.report_threshold)},
        {"hide_reported", p.hide_reported ? "1" : "0"},
        {"banned_words", join_lines(p.banned_words)},
        {"max_links", std::to_string(p.max_links)},
        {"signin_required", p.signin_required ? "1" : "0"},
        {"signin_after_rejection", p.signin_after_rejection ? "1" : "0"},
    };
    for (const auto& [key, value] : values)
        if (auto ok = ctx.store.put_setting(key, value); !ok) return ok.error();
    auto after = read_install_policy(ctx);
    if (!after) return after.error();
    {
        std::lock_guard lock(ctx.guards.policy_mutex);
        ctx.guards.policy = *after;
        ctx.guards.policy_loaded = std::chrono::steady_clock::now();
    }
    if (auto ok = record_audit(ctx, who, "policy.install", "install", encode_install_policy(*before),
                        encode_install_policy(*after));
        !ok)
        return ok.error();
    return after;
}

domain::Result<domain::ThreadPolicy> thread_policy(Context& ctx, const std::string& page) {
    auto p = ctx.store.get_thread_policy(page);
    if (!p) return p.error();
    if (*p) return **p;
    domain::ThreadPolicy none;
    none.page = page;
    return none;
}

namespace {

// Stores a thread's overrides for an actor already authorized; audited.
domain::Result<domain::ThreadPolicy> put_thread_policy(Context& ctx, const domain::ThreadPolicy& p, const Actor& who) {
    auto page = domain::validate_page_key(p.page, ctx.rules.limits);
    if (!page) return page.error();
    if (p.auto_close_days && (*p.auto_close_days < 1 || *p.auto_close_days > 36500))
        return make_error(ErrorCode::kInvalid, "Invalid policy", "auto_close_days must be 1..36500",
                          {domain::FieldError{"auto_close_days", "1..36500"}});
    auto before = thread_policy(ctx, *page);
    if (!before) return before.error();
    domain::ThreadPolicy clean = p;
    clean.page = *page;
    if (auto ok = ctx.store.put_thread_policy(clean); !ok) return ok.error();
    ctx.events.thread_changed(clean.page);  // the page shows whether it is closed
    if (auto ok = record_audit(ctx, who, "policy.thread", "page:" + clean.page, encode_thread_policy(*before),
                        encode_thread_policy(clean));
        !ok)
        return ok.error();
    return clean;
}

}  // namespace

domain::Result<domain::ThreadPolicy> set_thread_policy(Context& ctx, const domain::ThreadPolicy& p,
                                                       const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    return put_thread_policy(ctx, p, who);
}

domain::Result<domain::ThreadPolicy> set_article_comments(Context& ctx, const Actor& who, std::string_view slug, bool closed,
                                                          std::optional<domain::ModerationMode> moderation) {
    if (!authorize(who, Permission::kModerate))
        if (auto ok = authorize(who, Permission::kPublish); !ok) return ok.error();
    auto article = ctx.store.get_article(slug);
    if (!article) return article.error();
    auto p = thread_policy(ctx, article->page_key());
    if (!p) return p.error();
    if (p->closed == closed && p->moderation == moderation) return *p;  // nothing changed: nothing audited
    p->closed = closed;
    p->moderation = moderation;
    return put_thread_policy(ctx, *p, who);
}

domain::Result<EffectivePolicy> effective_policy(Context& ctx, const std::string& page) {
    auto install = install_policy(ctx);
    if (!install) return install.error();
    auto thread = ctx.store.get_thread_policy(page);
    if (!thread) return thread.error();
    EffectivePolicy e;
    e.moderation = install->moderation;
    e.signin_required = install->signin_required;
    e.signin_after_rejection = install->signin_after_rejection;
    std::optional<int> days = install->auto_close_days;
    if (*thread) {
        if ((*thread)->moderation) e.moderation = *(*thread)->moderation;
        if ((*thread)->signin_required) e.signin_required = *(*thread)->signin_required;
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
            auto article = ctx.store.article_for_page(page);
            if (article) opened = article->published_at;
            else if (article.error().code != ErrorCode::kNotFound) return article.error();
        }
        if (!opened) {
            auto first = ctx.store.first_comment_at(page);
            if (!first) return first.error();
            opened = *first;
        }
        if (opened && ctx.clock.now() - *opened >= std::chrono::hours(24) * *days) {
            e.closed = true;
            e.closed_reason = "Comments closed " + std::to_string(*days) + " days after publication.";
        }
    }
    return e;
}

}  // namespace tribune::service
