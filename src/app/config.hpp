#pragma once
// Configuration: defaults, then the TOML file, then TRIBUNE_* environment variables, then flags
// (API.md: flags win over env, env over file).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tribune::app {

struct Config {
    std::string listen = "127.0.0.1:8080";
    std::string data_dir = "./data";
    std::string db_url;       // empty: sqlite://<data_dir>/tribune.db
    std::string config_file;  // empty: none
    std::string admin_token;
    std::string public_url;   // empty: http://<listen>
    std::string site_name = "Tribune";
    std::string moderation = "pre";  // "pre" or "post"
    long edit_window_seconds = 900;
    long max_text_chars = 10000;
    long max_body_bytes = 128 * 1024;
    long io_threads = 0;       // 0: one per core
    long worker_threads = 32;  // blocking work (the store); writers wait here for group commit
    long shutdown_grace_seconds = 10;
    bool secure_cookies = false;
    std::string allowed_origins;       // comma-separated origins that may embed the widget, or "*"
    long max_live_connections = 50000;
    long live_queue_frames = 256;
    long replay_window_seconds = 300;  // how long live events are kept for resuming clients
    bool seed_demo = true;     // a first start with an empty store writes the demo publication
    std::string log_level = "info";
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

}  // namespace tribune::app
