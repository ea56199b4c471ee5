#include "app/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include <sstream>
#include "app/identity_settings.hpp"
#include "app/outbox_loop.hpp"
#include "http/address_allowlist.hpp"
#include "outbound/mail_address.hpp"
#include "outbound/mail_transport.hpp"

namespace tribune::app {
namespace {

using Apply = std::function<std::optional<std::string>(Config&, const std::string&)>;

struct Setting {
    SettingInfo info;
    Apply apply;
};

Apply text(std::string Config::*field) {
    return [field](Config& c, const std::string& v) -> std::optional<std::string> {
        c.*field = v;
        return std::nullopt;
    };
}

Apply number(long Config::*field, long min, long max) {
    return [field, min, max](Config& c, const std::string& v) -> std::optional<std::string> {
        long n = 0;
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || ptr != v.data() + v.size() || n < min || n > max)
            return "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        c.*field = n;
        return std::nullopt;
    };
}

Apply boolean(bool Config::*field) {
    return [field](Config& c, const std::string& v) -> std::optional<std::string> {
        if (v == "true" || v == "1" || v == "yes" || v == "on") c.*field = true;
        else if (v == "false" || v == "0" || v == "no" || v == "off") c.*field = false;
        else return "must be true or false";
        return std::nullopt;
    };
}

Apply one_of(std::string Config::*field, std::vector<std::string> allowed) {
    return [field, allowed](Config& c, const std::string& v) -> std::optional<std::string> {
        for (const auto& a : allowed)
            if (a == v) {
                c.*field = v;
                return std::nullopt;
            }
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return "must be one of " + list;
    };
}

const std::vector<Setting>& table() {
    static const std::vector<Setting> t{
        {{"listen", "address and port to serve on, host:port"}, text(&Config::listen)},
        {{"data", "directory for the embedded database"}, text(&Config::data_dir)},
        {{"db", "database URL: sqlite:///path/file.db or postgres://..."}, text(&Config::db_url)},
        {{"admin_token", "bearer token with admin rights on the API"}, text(&Config::admin_token)},
        {{"metrics_token", "bearer token GET /metrics asks for, 32+ characters (empty: none)"},
         text(&Config::metrics_token)},
        {{"metrics_allow", "addresses or networks that may read GET /metrics, e.g. 127.0.0.1, ::1, 10.0.0.0/8"},
         text(&Config::metrics_allow)},
        {{"public_url", "the site's public base URL, for share links"}, text(&Config::public_url)},
        {{"site_name", "the publication's name"}, text(&Config::site_name)},
        {{"locale", "the publication's language as a BCP 47 tag (en, en-GB, de): <html lang>, feeds, news sitemap"},
         [](Config& c, const std::string& v) -> std::optional<std::string> {
             if (!is_language_tag(v)) return "must be a language tag such as en, en-GB or pt-BR";
             c.locale = v;
             return std::nullopt;
         }},
        {{"moderation", "pre (hold every new comment), pre-first-time, pre-links, or post"},
         one_of(&Config::moderation, {"pre", "pre-first-time", "pre-links", "post"})},
        {{"auto_close_days", "close threads this many days after publication (0: never)"},
         number(&Config::auto_close_days, 0, 36500)},
        {{"report_threshold", "reports that put a comment in the Reported queue"},
         number(&Config::report_threshold, 1, 1000)},
        {{"hide_reported", "hide a comment until reviewed once it reaches the report threshold"},
         boolean(&Config::hide_reported)},
        {{"banned_words", "comma-separated words that hold a comment for review"}, text(&Config::banned_words)},
        {{"max_links", "links a comment may carry before it is held for review (-1: no limit)"},
         number(&Config::max_links, -1, 100)},
        {{"rate_posts_per_minute", "comments per minute per author, twice that per address (0: no limit)"},
         number(&Config::rate_posts_per_minute, 0, 100000)},
        {{"rate_logins_per_minute", "login attempts per minute per account, twice that per address"},
         number(&Config::rate_logins_per_minute, 0, 100000)},
        {{"trust_proxy", "take the client address from X-Real-IP (behind a reverse proxy)"},
         boolean(&Config::trust_proxy)},
        {{"trusted_proxies", "with trust_proxy: the proxies' addresses or networks, the only peers whose X-Real-IP is believed"},
         text(&Config::trusted_proxies)},
        {{"session_days", "how long a login lasts"}, number(&Config::session_days, 1, 365)},
        {{"staff_idle_seconds", "a staff session unused this long ends (0: only session_days)"},
         number(&Config::staff_idle_seconds, 0, 31536000)},
        {{"ip_hash_key", "secret key of address hashes, 32+ characters (empty: kept in <data>/ip-hash.key)"},
         text(&Config::ip_hash_key)},
        {{"edit_window_seconds", "how long authors may edit their comments"},
         number(&Config::edit_window_seconds, 0, 86400 * 365)},
        {{"max_text_chars", "longest comment, in characters"}, number(&Config::max_text_chars, 1, 100000)},
        {{"max_body_bytes", "largest request body"}, number(&Config::max_body_bytes, 1024, 16 << 20)},
        {{"media_max_bytes", "largest media upload (POST /api/v1/media; other bodies: max_body_bytes)"},
         number(&Config::media_max_bytes, 1024, 1L << 30)},
        {{"import_max_bytes", "largest export file the desk's import takes (sent in chunks of max_body_bytes)"},
         number(&Config::import_max_bytes, 1024, 1L << 40)},
        {{"media_uploads_at_once", "media uploads one node reads at once (more wait with 503)"},
         number(&Config::media_uploads_at_once, 1, 64)},
        {{"media_cache_dir", "PostgreSQL: directory where this node caches the media it serves (empty: <data_dir>/media-cache)"},
         text(&Config::media_cache_dir)},
        {{"media_cache_max_bytes", "PostgreSQL: the most the media cache directory may hold"},
         number(&Config::media_cache_max_bytes, 1L << 20, 1L << 44)},
        {{"io_threads", "network threads (0: one per core)"}, number(&Config::io_threads, 0, 256)},
        {{"worker_threads", "threads for database work"}, number(&Config::worker_threads, 1, 1024)},
        {{"shutdown_grace_seconds", "how long a stop waits for in-flight requests"},
         number(&Config::shutdown_grace_seconds, 0, 600)},
        {{"read_timeout_seconds", "a connection silent this long (no request, or an answer not taken) is closed"},
         number(&Config::read_timeout_seconds, 1, 3600)},
        {{"allowed_origins", "origins that may embed the discussion (comma-separated, or *)"},
         text(&Config::allowed_origins)},
        {{"max_live_connections", "live streams one node accepts"}, number(&Config::max_live_connections, 1, 1000000)},
        {{"live_queue_frames", "frames queued for a slow live client before it is dropped"},
         number(&Config::live_queue_frames, 8, 100000)},
        {{"live_queue_bytes", "bytes of events queued for a slow live client before it is dropped"},
         number(&Config::live_queue_bytes, 4096, 1L << 30)},
        {{"max_live_per_address", "live streams one address may hold (IPv6: one /64)"},
         number(&Config::max_live_per_address, 1, 1000000)},
        {{"max_connections_per_address", "HTTP connections one peer address may hold (trusted proxies: no cap)"},
         number(&Config::max_connections_per_address, 1, 1000000)},
        {{"replay_window_seconds", "how long live events are kept for reconnecting clients"},
         number(&Config::replay_window_seconds, 1, 86400)},
        {{"replay_max_bytes", "memory the kept live events may use; past it the oldest go (their resumers get a reset)"},
         number(&Config::replay_max_bytes, 1L << 20, 1L << 40)},
        {{"cache_max_bytes", "memory for encoded thread pages (least recently used go first)"},
         number(&Config::cache_max_bytes, 0, 1L << 40)},
        {{"cache_entries_per_page", "encoded bodies kept per thread (sort orders, page sizes, HTML)"},
         number(&Config::cache_entries_per_page, 1, 1000)},
        {{"live_insert", "where article pages put new comments live: auto, immediate or button"},
         one_of(&Config::live_insert, {"auto", "immediate", "button"})},
        {{"compression", "send static files and cached thread pages gzip- or Brotli-compressed when accepted"},
         boolean(&Config::compression)},
        {{"secure_cookies", "Secure, __Host- cookies (always on when public_url is https)"}, boolean(&Config::secure_cookies)},
        {{"seed_demo", "write the demo publication into an empty store"}, boolean(&Config::seed_demo)},
        {{"backup_every_hours", "take a verified backup this often while serving, in hours, decimals allowed (0: never)"},
         [](Config& c, const std::string& v) -> std::optional<std::string> {
             char* end = nullptr;
             const double h = std::strtod(v.c_str(), &end);
             // The lower bound (0.36 s) is for tests; a newsroom uses hours.
             if (v.empty() || end != v.c_str() + v.size() || !(h == 0 || (h >= 0.0001 && h <= 8760)))
                 return "must be 0 (never) or a number of hours from 0.0001 to 8760";
             c.backup_every_hours = h;
             return std::nullopt;
         }},
        {{"backup_keep", "scheduled backups kept (the newest; older ones are removed)"},
         number(&Config::backup_keep, 1, 10000)},
        {{"backup_dir", "where scheduled backups go (empty: <data>/backups)"}, text(&Config::backup_dir)},
        {{"log_level", "trace, debug, info, warn or error"},
         one_of(&Config::log_level, {"trace", "debug", "info", "warn", "error"})},
        {{"smtp_url", "the SMTP relay for mail: smtp://host:587 (STARTTLS required unless the relay is local) or smtps://host:465 (empty: no mail)"},
         text(&Config::smtp_url)},
        {{"smtp_user", "the SMTP relay's login (empty: none)"}, text(&Config::smtp_user)},
        {{"smtp_password", "the SMTP relay's password"}, text(&Config::smtp_password)},
        {{"mail_from", "the sender of mail: news@example.com or \"Name <news@example.com>\""},
         text(&Config::mail_from)},
        {{"webhooks_allow_private", "let webhooks reach loopback, private, link-local and metadata addresses"},
         boolean(&Config::webhooks_allow_private)},
        {{"webhook_retry_seconds", "waits before each retry of a failed delivery, comma-separated seconds; after the last, the message is dead"},
         [](Config& c, const std::string& v) -> std::optional<std::string> {
             if (auto why = check_retry_seconds(v); !why.empty()) return why;
             c.webhook_retry_seconds = v;
             return std::nullopt;
         }},
        {{"webhook_disable_after", "failed deliveries in a row that disable a webhook endpoint"},
         number(&Config::webhook_disable_after, 1, 10000)},
        {{"outbox_lease_seconds", "how long a node holds the webhook deliveries and mails it took before another node may send them (longer than 10 deliveries take)"},
         number(&Config::outbox_lease_seconds, 1, 3600)},
        {{"mail_per_hour", "reader mails to one address per mail_window_seconds; the rest wait and go out as one digest"},
         number(&Config::mail_per_hour, 1, 1000)},
        {{"mail_window_seconds", "the window of mail_per_hour, in seconds"}, number(&Config::mail_window_seconds, 1, 86400)},
        {{"mail_templates_dir", "a directory of mail templates replacing the built-in ones by name (empty: built-in only)"},
         text(&Config::mail_templates_dir)},
        {{"sso_secret", "the shared secret (at least 32 bytes) of HS256 tokens the newsroom's own site signs for its readers (empty: no HS256 SSO)"},
         text(&Config::sso_secret)},
        {{"sso_public_key", "the public key (PEM, or a PEM file's path) of EdDSA, RS256 or ES256 SSO tokens"},
         text(&Config::sso_public_key)},
        {{"sso_audience", "the aud claim SSO tokens must carry (empty: not checked)"}, text(&Config::sso_audience)},
        {{"sso_trust_roles", "give SSO readers the role their token names (reader, author, editor, moderator; never admin)"},
         boolean(&Config::sso_trust_roles)},
        {{"oidc_providers", "OpenID Connect providers for \"Sign in with ...\": a JSON list of {name, label, issuer, client_id, client_secret} (TOML: [[oidc_providers]] tables)"},
         text(&Config::oidc_providers)},
    };
    return t;
}

std::string env_name(const std::string& name) {
    std::string out = "TRIBUNE_";
    for (char c : name) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string> toml_value(const toml::node& node) {
    if (auto s = node.value<std::string>()) return *s;
    if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
    if (auto i = node.as_integer()) return std::to_string(i->get());
    if (auto f = node.as_floating_point()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", f->get());
        return buf;
    }
    return std::nullopt;
}

std::optional<std::string> apply(Config& c, const Setting& s, const std::string& value, const std::string& where) {
    if (auto err = s.apply(c, value)) return where + ": " + s.info.name + " " + *err;
    return std::nullopt;
}

}  // namespace

const std::vector<SettingInfo>& settings() {
    static const std::vector<SettingInfo> infos = [] {
        std::vector<SettingInfo> v;
        for (const auto& s : table()) v.push_back(s.info);
        return v;
    }();
    return infos;
}

constexpr std::size_t kMinAdminTokenChars = 32;

std::optional<std::string> load_config(Config& out, const std::map<std::string, std::string>& flags) {
    std::string file;
    if (const char* env = std::getenv("TRIBUNE_CONFIG")) file = env;
    if (auto it = flags.find("config"); it != flags.end()) file = it->second;
    if (!file.empty()) {
        toml::table doc;
        try {
            doc = toml::parse_file(file);
        } catch (const toml::parse_error& e) {
            return "config file " + file + ": " + std::string(e.description());
        }
        for (const auto& [key, node] : doc) {
            const Setting* found = nullptr;
            for (const auto& s : table())
                if (s.info.name == key.str()) found = &s;
            if (!found) return "config file " + file + ": unknown setting " + std::string(key.str());
            auto value = toml_value(node);
            if (!value && node.is_array()) {  // [[oidc_providers]]: read as the JSON list the environment gives
                std::ostringstream json;
                json << toml::json_formatter{*node.as_array()};
                value = json.str();
            }
            if (!value) return "config file " + file + ": " + std::string(key.str()) + " has an unsupported type";
            if (auto err = apply(out, *found, *value, "config file")) return err;
        }
    }
    for (const auto& s : table()) {
        if (const char* env = std::getenv(env_name(s.info.name).c_str()))
            if (auto err = apply(out, s, env, env_name(s.info.name))) return err;
    }
    for (const auto& s : table()) {
        if (auto it = flags.find(s.info.name); it != flags.end())
            if (auto err = apply(out, s, it->second, "flag")) return err;
    }
    std::string host;
    unsigned short port = 0;
    if (!split_listen(out.listen, host, port)) return "listen must be host:port, e.g. 127.0.0.1:8080";
    if (!out.metrics_token.empty() && out.metrics_token.size() < kMinAdminTokenChars)
        return "metrics_token must be at least " + std::to_string(kMinAdminTokenChars) +
               " characters (e.g. openssl rand -hex 24)";
    if (std::string why; !http::AddressAllowlist::parse(out.metrics_allow, why)) return "metrics_allow: " + why;
    std::string why;
    const auto proxies = http::AddressAllowlist::parse(out.trusted_proxies, why);
    if (!proxies) return "trusted_proxies: " + why;
    if (out.trust_proxy && proxies->empty())
        return "trusted_proxies is empty: with trust_proxy, name the proxies (e.g. 127.0.0.1, ::1)";
    if (!out.smtp_url.empty()) {
        if (auto url = outbound::check_smtp_url(out.smtp_url); !url)
            return "smtp_url: " + url.error().message + " (e.g. smtp://mail.example.com:587 or smtps://mail.example.com)";
        if (out.mail_from.empty()) return "mail_from must be set with smtp_url, e.g. \"The Daily <news@example.com>\"";
    }
    if (!out.mail_from.empty() && !outbound::parse_mailbox(out.mail_from))
        return "mail_from must be an address, news@example.com, or \"Name <news@example.com>\"";
    if (auto why = check_identity_settings(out)) return *why;
    // The admin token is a password that never changes hands interactively: guessable is fatal.
    if (!out.admin_token.empty() && out.admin_token.size() < kMinAdminTokenChars)
        return "admin_token must be at least " + std::to_string(kMinAdminTokenChars) +
               " characters (e.g. openssl rand -hex 24)";
    return std::nullopt;
}

std::string database_url(const Config& c) {
    if (!c.db_url.empty()) return c.db_url;
    return "sqlite://" + c.data_dir + "/tribune.db";
}

bool split_listen(const std::string& listen, std::string& host, unsigned short& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string p = listen.substr(colon + 1);
    unsigned n = 0;
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
    if (p.empty() || ec != std::errc{} || ptr != p.data() + p.size() || n > 65535) return false;
    port = static_cast<unsigned short>(n);
    return true;
}

bool is_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35) return false;
    bool first = true;
    while (true) {
        const std::string_view sub = tag.substr(0, tag.find('-'));
        auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        auto letter_or_digit = [&](char c) { return letter(c) || (c >= '0' && c <= '9'); };
        const bool alpha = std::all_of(sub.begin(), sub.end(), letter);
        const bool alnum = std::all_of(sub.begin(), sub.end(), letter_or_digit);
        if (first ? !(alpha && sub.size() >= 2 && sub.size() <= 3) : !(alnum && !sub.empty() && sub.size() <= 8))
            return false;
        first = false;
        if (sub.size() == tag.size()) return true;
        tag.remove_prefix(sub.size() + 1);
    }
}

std::vector<std::string> split_list(std::string_view rest) {
    std::vector<std::string> out;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

}  // namespace tribune::app
