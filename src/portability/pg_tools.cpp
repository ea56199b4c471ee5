#include "portability/pg_tools.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

extern char** environ;

namespace tribune::portability {
namespace {

using domain::ErrorCode;
using domain::make_error;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Removes "password=..." from the query of `url`, returning its decoded value.
std::string take_query_password(std::string& url) {
    const auto q = url.find('?');
    if (q == std::string::npos) return {};
    std::string query = url.substr(q + 1), kept, password;
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto end = std::min(query.find('&', start), query.size());
        const std::string_view part = std::string_view(query).substr(start, end - start);
        if (part.starts_with("password=")) password = percent_decode(part.substr(9));
        else if (!part.empty()) kept += (kept.empty() ? "" : "&") + std::string(part);
        start = end + 1;
    }
    url = url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
    return password;
}

struct TempFile {
    std::string path;
    int fd = -1;
    TempFile() {
        char name[] = "/tmp/tribune-pg-XXXXXX";
        fd = ::mkstemp(name);
        if (fd >= 0) path = name;
    }
    ~TempFile() {
        if (fd >= 0) ::close(fd);
        if (!path.empty()) ::unlink(path.c_str());
    }
    std::string read_tail(std::size_t max) const {
        std::ifstream in(path, std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return all.size() > max ? all.substr(all.size() - max) : all;
    }
};

domain::Result<void> spawn_and_wait(const std::string& program, const std::vector<std::string>& args,
                                    const PgTarget& target, int out_fd, int err_fd) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        const std::string_view v = *e;
        // The operator's PGPASSWORD stays unless the URL names a password of its own.
        if ((v.starts_with("PGPASSWORD=") && !target.password.empty()) || v.starts_with("PGCONNECT_TIMEOUT=")) continue;
        env_strings.emplace_back(v);
    }
    if (!target.password.empty()) env_strings.push_back("PGPASSWORD=" + target.password);
    env_strings.push_back("PGCONNECT_TIMEOUT=10");
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_strings{program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (out_fd >= 0) posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    else posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return make_error(ErrorCode::kUnavailable, "Cannot run " + program,
                          program + ": " + std::strerror(rc) + " (install the PostgreSQL client programs)");
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return make_error(ErrorCode::kUnavailable, program + " failed", std::strerror(errno));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    return make_error(ErrorCode::kUnavailable, program + " failed",
                      WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status)) : "killed by a signal");
}

}  // namespace

bool is_postgres_url(std::string_view url) { return url.starts_with("postgres://") || url.starts_with("postgresql://"); }

PgTarget split_password(const std::string& url) {
    PgTarget t{url, {}};
    t.password = take_query_password(t.url);
    const auto scheme_end = t.url.find("://");
    if (scheme_end == std::string::npos) return t;
    const auto host_start = scheme_end + 3;
    const auto at = t.url.find('@', host_start);
    const auto slash = t.url.find('/', host_start);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return t;
    const auto colon = t.url.find(':', host_start);
    if (colon == std::string::npos || colon > at) return t;
    t.password = percent_decode(std::string_view(t.url).substr(colon + 1, at - colon - 1));
    t.url = t.url.substr(0, colon) + t.url.substr(at);
    return t;
}

domain::Result<void> run_pg_tool(const std::string& program, const std::vector<std::string>& args,
                                 const PgTarget& target, const std::string& stdout_path) {
    TempFile err;
    if (err.fd < 0) return make_error(ErrorCode::kUnavailable, "Cannot run " + program, "no temporary file");
    int out_fd = -1;
    if (!stdout_path.empty()) {
        out_fd = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out_fd < 0) return make_error(ErrorCode::kUnavailable, "Cannot run " + program, stdout_path + ": " + std::strerror(errno));
    }
    auto ran = spawn_and_wait(program, args, target, out_fd, err.fd);
    if (out_fd >= 0) ::close(out_fd);
    if (!ran) {
        std::string said = err.read_tail(4096);
        while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
        if (!said.empty()) ran.error().message += ": " + said;
        return ran.error();
    }
    return {};
}

domain::Result<std::string> capture_pg_tool(const std::string& program, const std::vector<std::string>& args,
                                            const PgTarget& target) {
    TempFile out;
    if (out.fd < 0) return make_error(ErrorCode::kUnavailable, "Cannot run " + program, "no temporary file");
    auto ran = run_pg_tool(program, args, target, out.path);
    if (!ran) return ran.error();
    return out.read_tail(64u << 20);
}

}  // namespace tribune::portability
