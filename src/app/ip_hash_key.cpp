#include "app/ip_hash_key.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/author_token.hpp"

namespace tribune::app {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::string_view kLegacySetting = "ip_hash_salt";

domain::Error key_error(const std::string& what) {
    return make_error(ErrorCode::kInternal, "IP hash key", what);
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

// Creates the file only if it does not exist yet (O_EXCL): nodes sharing a directory agree on
// whichever key was written first.
domain::Result<bool> create_key_file(const std::string& path, const std::string& key) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return false;
        return key_error("cannot create " + path + ": " + std::strerror(errno));
    }
    const std::string line = key + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(path.c_str());
        return key_error("cannot write " + path);
    }
    return true;
}

domain::Result<std::string> read_key_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return key_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string key = trimmed(text.str());
    if (key.size() < kMinIpHashKeyChars)
        return key_error(path + " holds fewer than " + std::to_string(kMinIpHashKeyChars) + " characters");
    return key;
}

}  // namespace

domain::Result<std::string> ip_hash_key(const Config& config, store::Store& db) {
    auto legacy = db.get_setting(kLegacySetting);
    if (!legacy) return legacy.error();
    const bool store_holds_key = *legacy && !(*legacy)->empty();
    if (!config.ip_hash_key.empty()) {
        if (config.ip_hash_key.size() < kMinIpHashKeyChars)
            return key_error("ip_hash_key must be at least " + std::to_string(kMinIpHashKeyChars) + " characters");
        if (store_holds_key && **legacy != config.ip_hash_key) {
            spdlog::warn("ip_hash_key_replaced note=\"the key the store held is gone: address bans made before no "
                         "longer match\"");
            if (auto ok = db.put_setting(kLegacySetting, ""); !ok) return ok.error();
        }
        return config.ip_hash_key;
    }
    const std::string path = (std::filesystem::path(config.data_dir) / "ip-hash.key").string();
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    auto made = create_key_file(path, store_holds_key ? **legacy : http::new_author_token());
    if (!made) return made.error();
    if (*made) spdlog::info("ip_hash_key_created file=\"{}\"", path);
    auto key = read_key_file(path);
    if (!key) return key;
    if (store_holds_key) {
        if (*key != **legacy)
            spdlog::warn("ip_hash_key_replaced note=\"the key the store held differs from {}: address bans made "
                         "before no longer match\"",
                         path);
        if (auto ok = db.put_setting(kLegacySetting, ""); !ok) return ok.error();
    }
    return key;
}

}  // namespace tribune::app
