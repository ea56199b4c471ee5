#include "app/ip_hash_key.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/author_token.hpp"
#include "service/keyed_hash.hpp"

namespace tribune::app {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::string_view kLegacySetting = "ip_hash_salt";
// What the legacy setting holds once its key moved out: a random value (an older binary, rolled
// back, still hashes with a secret key rather than none) marked so this code ignores it.
constexpr std::string_view kMovedMark = "moved-out:";
// A keyed hash of a constant under the key: tells whether every node uses the same key,
// reveals nothing about it.
constexpr std::string_view kFingerprintSetting = "ip_hash_key_check";

std::string fingerprint(const std::string& key) { return service::keyed_hash_hex("tribune ip hash key check", key, 16); }

// A node whose key differs from the one the store's other nodes (or an earlier start) used
// hashes addresses differently: its bans and report counts would not match theirs.
domain::Result<void> check_fingerprint(store::Store& db, const std::string& key) {
    auto known = db.get_setting(kFingerprintSetting);
    if (!known) return known.error();
    const std::string mine = fingerprint(key);
    if (!*known || (*known)->empty()) return db.put_setting(kFingerprintSetting, mine);
    if (**known != mine)
        spdlog::error("ip_hash_key_mismatch note=\"this node's IP-hash key is not the one this store was used with: "
                      "address bans and report counts made elsewhere do not match here; give every node the same "
                      "ip_hash_key (TRIBUNE_IP_HASH_KEY)\"");
    return {};
}

domain::Result<void> forget_legacy(store::Store& db) {
    return db.put_setting(kLegacySetting, std::string(kMovedMark) + service::new_author_token());
}

domain::Error key_error(const std::string& what) {
    return make_error(ErrorCode::kInternal, "IP hash key", what);
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

// Writes a private temporary file, then links it in place only if no key is there yet: nodes
// sharing a directory agree on whichever key came first, and none reads a half-written one.
domain::Result<bool> create_key_file(const std::string& path, const std::string& key) {
    std::string temp = path + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());  // 0600
    if (fd < 0) return key_error("cannot create a file beside " + path + ": " + std::strerror(errno));
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    const int linked = written ? ::link(temp.c_str(), path.c_str()) : -1;
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (!written) return key_error("cannot write " + path);
    if (linked != 0) {
        if (link_errno == EEXIST) return false;
        return key_error("cannot create " + path + ": " + std::strerror(link_errno));
    }
    // The key must outlive a crash before the store forgets its copy.
    if (const int dir = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
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
    const bool store_holds_key = *legacy && !(*legacy)->empty() && !(*legacy)->starts_with(kMovedMark);
    if (!config.ip_hash_key.empty()) {
        if (config.ip_hash_key.size() < kMinIpHashKeyChars)
            return key_error("ip_hash_key must be at least " + std::to_string(kMinIpHashKeyChars) + " characters");
        if (store_holds_key && **legacy != config.ip_hash_key) {
            spdlog::warn("ip_hash_key_replaced note=\"the key the store held is gone: address bans made before no "
                         "longer match\"");
            if (auto ok = forget_legacy(db); !ok) return ok.error();
        }
        if (auto ok = check_fingerprint(db, config.ip_hash_key); !ok) return ok.error();
        return config.ip_hash_key;
    }
    const std::string path = (std::filesystem::path(config.data_dir) / "ip-hash.key").string();
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    auto made = create_key_file(path, store_holds_key ? **legacy : service::new_author_token());
    if (!made) return made.error();
    if (*made) spdlog::info("ip_hash_key_created file=\"{}\"", path);
    auto key = read_key_file(path);
    if (!key) return key;
    if (store_holds_key) {
        if (*key != **legacy)
            spdlog::warn("ip_hash_key_replaced note=\"the key the store held differs from {}: address bans made "
                         "before no longer match\"",
                         path);
        if (auto ok = forget_legacy(db); !ok) return ok.error();
    }
    if (auto ok = check_fingerprint(db, *key); !ok) return ok.error();
    return key;
}

}  // namespace tribune::app
