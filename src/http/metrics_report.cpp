#include "http/metrics_report.hpp"

#include <cstdint>
#include <utility>

#include "http/services.hpp"
#include "live/hub.hpp"
#include "live/live_metrics.hpp"
#include "metrics/process_stats.hpp"
#include "metrics/text_format.hpp"
#include "store/common/store_metrics.hpp"

namespace tribune::http {
namespace {

using metrics::TextWriter;

void gauge(TextWriter& out, std::string_view name, std::string_view help, std::uint64_t value) {
    out.family(name, "gauge", help);
    out.sample(name, {}, value);
}

void write_live(TextWriter& out, const MetricsSources& m) {
    if (m.live_connections)
        gauge(out, "tribune_live_connections", "Live streams (WebSocket and SSE) open on this node.",
              m.live_connections());
    gauge(out, "tribune_live_subscriptions", "Live streams subscribed to a page's channel on this node.",
          m.hub.connections());
    gauge(out, "tribune_live_replay_bytes", "Memory the live replay logs hold (bounded by replay_max_bytes).",
          m.hub.log_bytes());
    out.family("tribune_live_fanout_seconds", "histogram",
               "Time from a comment event reaching the hub until every reader's frames were queued.");
    out.histogram("tribune_live_fanout_seconds", {}, live::fanout_seconds().snapshot());
}

void write_store(TextWriter& out) {
    const auto& s = store::store_metrics();
    out.family("tribune_store_commit_writes", "histogram", "Writes one COMMIT covered: the group commit's batch size (SQLite), 1 (PostgreSQL).");
    out.histogram("tribune_store_commit_writes", {}, s.commit_writes.snapshot());
    out.family("tribune_store_commit_seconds", "histogram", "Time the COMMIT statement took.");
    out.histogram("tribune_store_commit_seconds", {}, s.commit_seconds.snapshot());
    out.family("tribune_store_writes_waiting", "gauge", "Writes queued for the next group commit (SQLite).");
    out.sample("tribune_store_writes_waiting", {}, s.writes_waiting.value());
    out.family("tribune_store_errors_total", "counter",
               "Errors from the database: constraint (a duplicate or invalid value) or failure (busy, I/O, "
               "full, connection lost, unexpected).");
    out.sample("tribune_store_errors_total", {{"kind", "constraint"}}, s.constraint_errors.value());
    out.sample("tribune_store_errors_total", {{"kind", "failure"}}, s.failures.value());
}

void write_cache(TextWriter& out, const ThreadCache& cache) {
    out.family("tribune_thread_cache_lookups_total", "counter",
               "Lookups of encoded thread pages by anonymous readers: hit (answered from memory) or miss.");
    out.sample("tribune_thread_cache_lookups_total", {{"result", "hit"}}, cache.hits());
    out.sample("tribune_thread_cache_lookups_total", {{"result", "miss"}}, cache.misses());
    gauge(out, "tribune_thread_cache_bytes", "Memory the thread cache holds (bounded by cache_max_bytes).",
          cache.bytes());
    gauge(out, "tribune_thread_cache_entries", "Encoded bodies the thread cache holds.", cache.entries());
}

void write_safeguards(TextWriter& out, const service::Safeguards& g) {
    const std::pair<std::string_view, const service::RateLimiter*> limiters[] = {
        {"posts_per_ip", &g.posts_per_ip},
        {"posts_per_author", &g.posts_per_author},
        {"reports_per_ip", &g.reports_per_ip},
        {"logins_per_ip", &g.logins_per_ip},
        {"logins_per_email", &g.logins_per_email},
        {"login_failures_per_email", &g.login_failures_per_email},
        {"live_auths_per_ip", &g.live_auths_per_ip},
        {"bad_bearers_per_ip", &g.bad_bearers_per_ip},
        {"bad_mail_links_per_ip", &g.bad_mail_links_per_ip},
    };
    out.family("tribune_rate_limit_refusals_total", "counter",
               "Requests a rate limit turned away (429; for login_failures_per_email, an answer delayed).");
    for (const auto& [name, limiter] : limiters)
        out.sample("tribune_rate_limit_refusals_total", {{"limiter", name}}, limiter->refusals());
    out.family("tribune_rate_limit_keys", "gauge", "Clients (addresses, authors, accounts) a rate limit tracks now.");
    for (const auto& [name, limiter] : limiters)
        out.sample("tribune_rate_limit_keys", {{"limiter", name}}, static_cast<std::uint64_t>(limiter->size()));
    gauge(out, "tribune_password_work_in_use", "Password checks and hashes (Argon2) running now.",
          static_cast<std::uint64_t>(g.password_work.in_use()));
    gauge(out, "tribune_password_work_slots", "Password checks and hashes allowed at once.",
          static_cast<std::uint64_t>(g.password_work.max()));
    out.family("tribune_password_work_refusals_total", "counter",
               "Logins answered 503 because every password-work slot was taken.");
    out.sample("tribune_password_work_refusals_total", {}, g.password_work.refused());
}

void write_process(TextWriter& out) {
    const auto p = metrics::read_process_stats();
    out.family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
    out.sample("process_cpu_seconds_total", {}, p.cpu_seconds);
    if (p.resident_bytes) gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", *p.resident_bytes);
    if (p.virtual_bytes) gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", *p.virtual_bytes);
    if (p.open_fds) gauge(out, "process_open_fds", "Open file descriptors.", *p.open_fds);
    if (p.max_fds) gauge(out, "process_max_fds", "The limit of open file descriptors.", *p.max_fds);
    if (p.threads) gauge(out, "process_threads", "Operating system threads.", *p.threads);
    if (p.start_time_seconds) {
        out.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.");
        out.sample("process_start_time_seconds", {}, *p.start_time_seconds);
    }
}

}  // namespace

std::string metrics_report(const Services& services, const MetricsSources& sources) {
    TextWriter out;
    sources.requests.write(out);
    write_live(out, sources);
    write_store(out);
    write_cache(out, services.cache);
    write_safeguards(out, services.guards);
    write_process(out);
    return out.take();
}

}  // namespace tribune::http
