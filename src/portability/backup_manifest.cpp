#include "portability/backup_manifest.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "store/common/summary.hpp"

namespace tribune::portability {
namespace {

namespace json = boost::json;
using domain::ErrorCode;
using domain::make_error;

bool is_sha256(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// A path a manifest may name: relative, no "..", no empty or dot segments.
bool is_safe_path(std::string_view p) {
    if (p.empty() || p.front() == '/' || p.size() > 512) return false;
    std::size_t start = 0;
    while (start <= p.size()) {
        const auto end = std::min(p.find('/', start), p.size());
        const auto seg = p.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..") return false;
        start = end + 1;
    }
    return true;
}

struct Malformed {
    std::string what;
};

const json::value& field(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v) throw Malformed{std::string("no \"") + key + "\""};
    return *v;
}

std::int64_t integer(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (v.is_int64() && v.get_int64() >= 0) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v.get_uint64());
    throw Malformed{std::string("\"") + key + "\" is not a count"};
}

std::string text(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_string()) throw Malformed{std::string("\"") + key + "\" is not a string"};
    return std::string(v.get_string());
}

const json::object& object(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_object()) throw Malformed{std::string("\"") + key + "\" is not an object"};
    return v.get_object();
}

std::uint64_t checksum(const json::object& o, const char* key) {
    auto parsed = store::parse_checksum_hex(text(o, key));
    if (!parsed) throw Malformed{std::string("\"") + key + "\" is not 16 hex digits"};
    return *parsed;
}

BackupManifest read(const json::object& o) {
    BackupManifest m;
    const auto format = integer(o, "format");
    if (format != kBackupFormat)
        throw Malformed{"format " + std::to_string(format) + " is not one this Tribune reads (" +
                        std::to_string(kBackupFormat) + ")"};
    m.engine = text(o, "engine");
    if (m.engine != "sqlite" && m.engine != "postgresql") throw Malformed{"unknown engine \"" + m.engine + "\""};
    m.schema_version = static_cast<int>(std::min<std::int64_t>(integer(o, "schema_version"), 1'000'000));
    m.created_at = text(o, "created_at");
    m.summary_source = text(o, "summary_source");
    const auto& s = object(o, "summary");
    for (const store::SummaryCount& c : store::kSummaryCounts) m.summary.*c.member = integer(s, c.key);
    m.summary.checksum = checksum(s, "checksum");
    const auto& media = object(o, "media");
    m.media.items = integer(media, "items");
    m.media.bytes = integer(media, "bytes");
    m.media.checksum = checksum(media, "checksum");
    const auto& files = field(o, "files");
    if (!files.is_array()) throw Malformed{"\"files\" is not a list"};
    for (const auto& f : files.get_array()) {
        if (!f.is_object()) throw Malformed{"a file is not an object"};
        BackupFile file{text(f.get_object(), "path"), integer(f.get_object(), "bytes"),
                        text(f.get_object(), "sha256")};
        if (!is_safe_path(file.path)) throw Malformed{"a file path is not a plain relative path"};
        if (!is_sha256(file.sha256)) throw Malformed{"the SHA-256 of " + file.path + " is not 64 hex digits"};
        m.files.push_back(std::move(file));
    }
    return m;
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string to_json(const BackupManifest& m) {
    json::object summary;
    for (const store::SummaryCount& c : store::kSummaryCounts) summary[c.key] = m.summary.*c.member;
    summary["checksum"] = store::checksum_hex(m.summary.checksum);
    json::array files;
    for (const auto& f : m.files) files.push_back(json::object{{"path", f.path}, {"bytes", f.bytes}, {"sha256", f.sha256}});
    json::object o{
        {"format", m.format},
        {"engine", m.engine},
        {"schema_version", m.schema_version},
        {"created_at", m.created_at},
        {"summary_source", m.summary_source},
        {"summary", std::move(summary)},
        {"media", json::object{{"items", m.media.items}, {"bytes", m.media.bytes}, {"checksum", store::checksum_hex(m.media.checksum)}}},
        {"files", std::move(files)},
    };
    return json::serialize(o) + "\n";
}

domain::Result<BackupManifest> parse_manifest(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object())
        return make_error(ErrorCode::kMalformed, "Not a backup manifest", "manifest.json is not a JSON object");
    try {
        return read(v.get_object());
    } catch (const Malformed& e) {
        return make_error(ErrorCode::kMalformed, "Not a backup manifest", "manifest.json: " + e.what);
    }
}

domain::Result<BackupFile> describe_file(const std::string& dir, const std::string& relative_path) {
    const std::string path = dir + "/" + relative_path;
    Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0)
        return make_error(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable, "Cannot read the backup",
                          relative_path + ": " + std::strerror(errno));
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::string buffer(1 << 20, '\0');
    BackupFile out{relative_path, 0, {}};
    for (;;) {
        const ssize_t n = ::read(f.fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return make_error(ErrorCode::kUnavailable, "Cannot read the backup", relative_path + ": " + std::strerror(errno));
        if (n == 0) break;
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                  static_cast<unsigned long long>(n));
        out.bytes += n;
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    for (const unsigned char c : digest) out.sha256 += fmt::format("{:02x}", c);
    return out;
}

domain::Result<std::vector<std::string>> files_under(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::string rel = std::filesystem::relative(it->path(), dir, ec).string();
        if (ec) break;
        if (rel != kManifestName) out.push_back(std::move(rel));
    }
    if (ec) return make_error(ErrorCode::kUnavailable, "Cannot read the backup", dir + ": " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> verify_files(const std::string& dir, const BackupManifest& m) {
    constexpr std::size_t kMaxProblems = 20;
    std::vector<std::string> problems;
    auto add = [&](std::string p) {
        if (problems.size() < kMaxProblems) problems.push_back(std::move(p));
    };
    std::set<std::string> listed;
    for (const BackupFile& want : m.files) {
        listed.insert(want.path);
        auto got = describe_file(dir, want.path);
        if (!got) add(want.path + ": " + got.error().message);
        else if (got->bytes != want.bytes)
            add(want.path + ": " + std::to_string(got->bytes) + " bytes, the manifest says " + std::to_string(want.bytes));
        else if (got->sha256 != want.sha256) add(want.path + ": its SHA-256 differs from the manifest's (altered or damaged)");
    }
    if (m.files.empty()) add("the manifest lists no files");
    auto present = files_under(dir);
    if (!present) add(present.error().message);
    else
        for (const auto& p : *present)
            if (!listed.contains(p)) add(p + ": not in the manifest");
    return problems;
}

domain::Result<BackupManifest> read_manifest(const std::string& dir) {
    const std::string path = dir + "/" + kManifestName;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return make_error(ErrorCode::kNotFound, "Not a backup", "there is no " + std::string(kManifestName) + " in " + dir);
    std::string text;
    constexpr std::size_t kMaxBytes = 64 << 20;  // a manifest lists files; this is plenty
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxBytes) return make_error(ErrorCode::kMalformed, "Not a backup manifest", "manifest.json is too large");
    }
    return parse_manifest(text);
}

domain::Result<void> write_manifest(const std::string& dir, const BackupManifest& m) {
    const std::string path = dir + "/" + kManifestName;
    const std::string body = to_json(m);
    Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    std::size_t done = 0;
    while (f.fd >= 0 && done < body.size()) {
        const ssize_t n = ::write(f.fd, body.data() + done, body.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    if (f.fd < 0 || done != body.size() || ::fsync(f.fd) != 0)
        return make_error(ErrorCode::kUnavailable, "Backup failed", "cannot write " + path + ": " + std::strerror(errno));
    return {};
}

}  // namespace tribune::portability
