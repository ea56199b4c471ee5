#pragma once
// Configuration: defaults, then the TOML file, then TRIBUNE_* environment variables, then flags
// (flags win over the environment, the environment over the file).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::app {

struct Config {
    std::string listen = "127.0.0.1:8080";
    std::string data_dir = "./data";
    std::string db_url;       // empty: sqlite://<data_dir>/tribune.db
    std::string admin_token;
    std::string metrics_token;  // bearer token GET /metrics asks for (32+ characters); empty: none
    std::string metrics_allow;  // addresses/networks that may read GET /metrics; both empty: it is off
    std::string public_url;   // empty: http://<listen>
    std::string site_name = "Tribune";
    std::string locale = "en";       // the publication's language, a BCP 47 tag: <html lang>, feeds
    std::string moderation = "pre";  // "pre", "pre-first-time", "pre-links" or "post"
    long auto_close_days = 0;        // 0: threads never close by age
    long report_threshold = 3;       // open reports that put a comment in the Reported queue
    bool hide_reported = false;      // hide a comment (back to pending) once it reaches the threshold
    std::string banned_words;        // comma-separated; the desk's Policies page edits the live list
    long max_links = 2;              // links before a comment is held; -1: no limit
    long rate_posts_per_minute = 5;  // per author and (twice that) per address; 0: no limit
    long rate_logins_per_minute = 2; // failed-or-not login attempts per account (x2 per address)
    bool trust_proxy = false;        // behind a reverse proxy: the client address is X-Real-IP
    std::string trusted_proxies = "127.0.0.1, ::1";  // ... as sent by these peers only
    long session_days = 14;          // how long a login lasts
    long staff_idle_seconds = 7200;  // a moderator's or admin's session unused this long ends (0: never)
    std::string ip_hash_key;         // key of IP hashes; empty: <data_dir>/ip-hash.key
    long edit_window_seconds = 900;
    long max_text_chars = 10000;
    long max_body_bytes = 128 * 1024;
    long media_max_bytes = 100L << 20;     // the largest media upload (POST /api/v1/media only)
    long media_uploads_at_once = 4;        // large uploads one node reads at once (memory: this x media_max_bytes)
    std::string media_cache_dir;           // PostgreSQL: where a node caches media it served (empty: <data_dir>/media-cache)
    long media_cache_max_bytes = 1L << 30; // ... and how much of it
    long import_max_bytes = 2L << 30;      // the largest file the desk's import takes (uploaded in chunks)
    long io_threads = 0;       // 0: one per core
    long worker_threads = 32;  // blocking work (the store); writers wait here for group commit
    long shutdown_grace_seconds = 10;
    long read_timeout_seconds = 30;  // idle or stalled connections; each piece of a file answer gets it afresh
    bool secure_cookies = false;
    std::string allowed_origins;       // comma-separated origins that may embed the widget, or "*"
    long max_live_connections = 50000;
    long live_queue_frames = 256;
    long live_queue_bytes = 512L << 10;  // or this many bytes of events waiting for a slow live client
    long max_live_per_address = 1000;     // live streams from one address (IPv6: one /64)
    long max_connections_per_address = 256;  // HTTP connections from one peer address (trusted proxies: no cap)
    long replay_window_seconds = 300;  // how long live events are kept for resuming clients
    long replay_max_bytes = 64L << 20;  // and at most this much of them in memory
    long cache_max_bytes = 64L << 20;   // encoded thread pages kept in memory
    long cache_entries_per_page = 8;    // encoded bodies kept per page
    std::string live_insert = "auto";  // new top-level comments: "auto", "immediate" or "button"
    bool compression = true;   // gzip/br forms of static files and cached thread bodies
    bool seed_demo = true;     // a first start with an empty store writes the demo publication
    double backup_every_hours = 0;  // scheduled backups (0: off); decimals allowed (0.5: every 30 minutes)
    long backup_keep = 7;           // scheduled backups kept, the newest ones
    std::string backup_dir;         // where scheduled backups go (empty: <data_dir>/backups)
    std::string log_level = "info";
    std::string smtp_url;       // smtp://host:port (STARTTLS required unless local) or smtps://...; empty: no mail
    std::string smtp_user;      // the relay's login; empty: none
    std::string smtp_password;
    std::string mail_from;      // the sender: "news@example.com" or "Name <news@example.com>"
    bool webhooks_allow_private = false;  // webhooks may reach loopback, private, link-local addresses
    std::string webhook_retry_seconds = "5,300,1800,7200,18000,36000,36000";  // about a day of retries, then dead
    long webhook_disable_after = 30;      // failed deliveries in a row that disable an endpoint
    long outbox_lease_seconds = 150;      // a claimed message is this node's for this long (then anyone's)
    long mail_per_hour = 10;              // reader mails per address per window; the rest go out as a digest
    long mail_window_seconds = 3600;      // that window
    std::string mail_templates_dir;       // overrides of templates/mail by file name; empty: built-in only
    std::string sso_secret;               // HS256 secret of the newsroom's SSO tokens; empty: none
    std::string sso_public_key;           // PEM (or a PEM file's path) of EdDSA/RS256/ES256 SSO tokens
    std::string sso_audience;             // the `aud` SSO tokens must name; empty: not checked
    bool sso_trust_roles = false;         // take reader/author/editor/moderator roles from SSO tokens
    std::string oidc_providers;           // JSON list of OpenID providers (TOML: [[oidc_providers]] tables)
};

/// One configurable setting: its name is the TOML key; the flag is --name-with-dashes and the
/// environment variable TRIBUNE_NAME_IN_CAPS.
struct SettingInfo {
    std::string name;
    std::string help;
};

/// Every setting, for the command line's --help.
const std::vector<SettingInfo>& settings();

/// Builds the configuration from the file (if any), the environment and `flags` (setting name
/// -> value, only those given on the command line). Returns an error message on a bad value or
/// an unreadable file.
std::optional<std::string> load_config(Config& out, const std::map<std::string, std::string>& flags);

/// "sqlite://<data_dir>/tribune.db" unless db_url is set.
std::string database_url(const Config& c);

/// Splits "host:port" ("[::1]:8080" for IPv6); false when it isn't that.
bool split_listen(const std::string& listen, std::string& host, unsigned short& port);

/// Whether `tag` looks like a BCP 47 language tag: a 2-3 letter language, then subtags of 1-8
/// letters or digits after hyphens ("en", "en-GB", "pt-BR", "zh-Hant-TW"); at most 35 characters.
bool is_language_tag(std::string_view tag);

/// A comma-separated setting as its items, trimmed, empties dropped: "a, b ,c" -> {"a", "b", "c"}.
std::vector<std::string> split_list(std::string_view list);

}  // namespace tribune::app
