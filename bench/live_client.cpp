// Tribune live benchmark client: one single-threaded process holding many WebSocket client
// connections on epoll, the lean stand-in for live.mjs's node worker (the clients are measurement
// apparatus and share the cores with the server). bench/live.mjs (CxxWorker) drives it with one
// command per line on stdin and reads one JSON object per line on stdout:
//
//   open <port> <path> <count> <base> <concurrency> <deadlineMs>
//        -> {"ev":"opened","ok":N,"failed":N,"errors":{...},"ms":N,"textFrames":N,"cpu":{...}}
//   arm <marker>               -> {"ev":"armed","alive":N}
//   collect <t0_ns> <waitMs>   -> {"ev":"result","lat":[ms,...],"missed":N,"closed":N,"cpu":{...},...}
//   stats                      -> {"ev":"stats","alive":N,"cpu":{...},"pings":N,"textFrames":N,"rssKB":N}
//   close                      -> {"ev":"closed"}, then exit 0 (so does end of input)
//
// Connection i of an open binds to 127.0.0.(2 + (base + i) % 8) and counts as open once the 101
// and the server's first text frame (hello) have arrived. Arrival times are CLOCK_MONOTONIC, the
// clock of node's process.hrtime.bigint(), so t0 from the parent compares directly. cpu is
// getrusage(RUSAGE_SELF) in microseconds, like process.cpuUsage().
//
// BENCH_CLIENT_POLL_US (default 1000) paces the loop: after a batch the client sleeps that long
// before it polls again, so frames arriving meanwhile are taken in one wake-up. On loopback the
// sender pays for waking a sleeping receiver, so an eager client on the same 2 cores would add
// its wake-ups to the server's fan-out cost; readers on other machines cost the server nothing of
// the kind. A measured arrival is late by at most that pause.
//
//   g++ -std=c++20 -O2 -Wall -Wextra -o build/bench_live_client bench/live_client.cpp
//   (bench/live.sh does this when the binary is missing or older than this file)

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace {

constexpr int64_t kHandshakeTimeoutMs = 30'000;
constexpr int kMaxRetries = 3;
constexpr uint32_t kSourceAddrs = 8;           // 127.0.0.2 .. 127.0.0.9
constexpr size_t kMaxHeadBytes = 16 * 1024;    // of the 101 response
constexpr uint32_t kStdinTag = UINT32_MAX;     // epoll tag of stdin; sockets carry their index
constexpr int64_t kMaxPollMs = 1000;
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int64_t mono_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

int64_t mono_ms() { return mono_ns() / 1'000'000; }

std::string errno_name(int err) {
    const char* name = strerrorname_np(err);
    return name ? name : "errno " + std::to_string(err);
}

std::array<uint8_t, 20> sha1(std::string_view in) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::string m(in);
    m += char(0x80);
    while (m.size() % 64 != 56) m += char(0);
    const uint64_t bits = uint64_t{in.size()} * 8;
    for (int i = 7; i >= 0; --i) m += char(bits >> (i * 8));
    auto rol = [](uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    for (size_t off = 0; off < m.size(); off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i) {
            const auto* q = reinterpret_cast<const uint8_t*>(m.data() + off + 4 * i);
            w[i] = uint32_t{q[0]} << 24 | uint32_t{q[1]} << 16 | uint32_t{q[2]} << 8 | q[3];
        }
        for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f = 0, k = 0;
            if (i < 20) {
                f = (b & c) | (~b & d), k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d, k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d, k = 0xCA62C1D6;
            }
            const uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    std::array<uint8_t, 20> out{};
    for (int i = 0; i < 20; ++i) out[i] = uint8_t(h[i / 4] >> (24 - 8 * (i % 4)));
    return out;
}

std::string base64(const uint8_t* p, size_t n) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < n; i += 3) {
        const uint32_t v = uint32_t{p[i]} << 16 | (i + 1 < n ? uint32_t{p[i + 1]} << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += i + 1 < n ? kAlphabet[v >> 6 & 63] : '=';
        out += i + 2 < n ? kAlphabet[v & 63] : '=';
    }
    return out;
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (uint8_t(ch) < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", unsigned(uint8_t(ch)));
            out += esc;
        } else {
            out += ch;
        }
    }
    return out + '"';
}

std::string cpu_json() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const auto us = [](const timeval& tv) { return int64_t{tv.tv_sec} * 1'000'000 + tv.tv_usec; };
    return "{\"user\":" + std::to_string(us(ru.ru_utime)) + ",\"system\":" + std::to_string(us(ru.ru_stime)) + "}";
}

int64_t rss_kb() {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    int64_t kb = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) kb = std::strtoll(line + 6, nullptr, 10);
    }
    std::fclose(f);
    return kb;
}

// The parent reads stdout continuously; a write that cannot finish means it is gone.
void emit(std::string line) {
    line += '\n';
    size_t off = 0;
    while (off < line.size()) {
        const ssize_t n = write(STDOUT_FILENO, line.data() + off, line.size() - off);
        if (n > 0) {
            off += size_t(n);
        } else if (n < 0 && errno == EAGAIN) {
            pollfd p{STDOUT_FILENO, POLLOUT, 0};
            poll(&p, 1, 1000);
        } else if (n < 0 && errno != EINTR) {
            std::_Exit(1);
        }
    }
}

// ns as milliseconds with 3 decimals, without printf's floating point (20,000 per round).
void append_ms(std::string& out, int64_t ns) {
    const int64_t us = (ns >= 0 ? ns + 500 : ns - 500) / 1000;
    if (us < 0) out += '-';
    const int64_t abs_us = us < 0 ? -us : us;
    out += std::to_string(abs_us / 1000);
    out += '.';
    const auto frac = std::to_string(abs_us % 1000 + 1000);  // "1xyz": keeps the zeros
    out.append(frac, 1, 3);
}

std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        const size_t j = s.find(' ', i);
        const size_t end = j == std::string_view::npos ? s.size() : j;
        if (end > i) out.push_back(s.substr(i, end - i));
        i = end;
    }
    return out;
}

int64_t to_int(std::string_view s) { return std::strtoll(std::string(s).c_str(), nullptr, 10); }

enum class State : uint8_t {
    kIdle,         // not started, or waiting to retry
    kConnecting,   // TCP connect in flight
    kHandshaking,  // upgrade request sent, waiting for the 101
    kUpgraded,     // 101 seen, waiting for the hello frame
    kOpen,         // hello seen: counts as open
    kClosed,       // gone after opening, or given up on
};

// Kept small: 20,000 of these per process.
struct Conn {
    int fd = -1;
    uint32_t gen = 0;  // bumped per socket, so a stale epoll event or timer is recognised
    State state = State::kIdle;
    uint8_t retries = 0;
    bool armed = false;
    bool arrived = false;
    int64_t arrival_ns = 0;
    std::array<uint8_t, 16> key{};
    std::vector<uint8_t> in;   // an incomplete response head or frame; empty otherwise
    std::vector<uint8_t> out;  // bytes the socket did not take yet; almost always empty
};

enum class TimerKind : uint8_t { kHandshake, kRetry };

struct Timer {
    int64_t when_ms;
    uint32_t index;
    uint32_t gen;
    TimerKind kind;
    bool operator>(const Timer& o) const { return when_ms > o.when_ms; }
};

struct OpenJob {
    uint16_t port = 0;
    std::string path;
    uint32_t first = 0;  // index of this job's connection 0 in conns_
    uint32_t count = 0;
    uint32_t base = 0;
    uint32_t concurrency = 1;
    int64_t deadline_ms = 0;
    int64_t t0_ms = 0;
    uint32_t next = 0;      // next connection to start
    uint32_t inflight = 0;  // handshaking or waiting to retry
    uint32_t ok = 0;
    std::map<std::string, int64_t> errors;
};

class Client {
public:
    Client();
    [[noreturn]] void run();

private:
    enum class Busy : uint8_t { kNone, kOpening, kCollecting };

    void on_stdin();
    void run_commands();
    void run_command(std::string_view line);
    void start_collect(int64_t t0_ns, int64_t wait_ms);
    void finish_collect();
    void pump_open();
    [[noreturn]] void shut_down();

    void start_attempt(uint32_t i);
    void attempt_failed(uint32_t i, const std::string& why);
    void lost(uint32_t i, const std::string& why);
    void drop_socket(Conn& c);
    void on_timer(const Timer& t);

    void on_socket(uint32_t i, uint32_t events);
    void on_connected(uint32_t i);
    void on_readable(uint32_t i, uint32_t events);
    void consume(uint32_t i, const uint8_t* p, size_t n);
    size_t parse(uint32_t i, const uint8_t* p, size_t n);
    void on_frame(uint32_t i, uint8_t op, const uint8_t* payload, size_t len);
    void send_bytes(uint32_t i, const uint8_t* p, size_t n);
    void flush(uint32_t i);
    void watch(uint32_t i, uint32_t events);

    int ep_ = -1;
    std::vector<Conn> conns_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::mt19937_64 rng_{std::random_device{}()};
    std::string stdin_buf_;
    std::deque<std::string> commands_;
    Busy busy_ = Busy::kNone;
    OpenJob open_;
    std::string marker_;
    bool marking_ = false;   // between arm and the end of collect
    uint32_t pending_ = 0;   // armed, not arrived, not closed
    int64_t collect_t0_ns_ = 0;
    int64_t collect_deadline_ms_ = 0;
    int64_t pings_ = 0;
    int64_t text_frames_ = 0;
    uint8_t rbuf_[64 * 1024];
    // BENCH_CLIENT_POLL_US (default 1000; 0: wake for every arrival).
    const int64_t poll_us_ = std::getenv("BENCH_CLIENT_POLL_US") ? std::atoll(std::getenv("BENCH_CLIENT_POLL_US")) : 1000;
};

Client::Client() {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) {
        std::perror("epoll_create1");
        std::exit(1);
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kStdinTag;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, STDIN_FILENO, &ev) < 0) {
        std::perror("epoll_ctl stdin");
        std::exit(1);
    }
}

void Client::run() {
    std::array<epoll_event, 512> events{};
    for (;;) {
        int64_t wait_ms = kMaxPollMs;
        const int64_t now = mono_ms();
        if (!timers_.empty()) wait_ms = std::min(wait_ms, timers_.top().when_ms - now);
        if (busy_ == Busy::kCollecting) wait_ms = std::min(wait_ms, collect_deadline_ms_ - now);
        const int n = epoll_wait(ep_, events.data(), int(events.size()), int(std::max<int64_t>(0, wait_ms)));
        if (n < 0 && errno != EINTR) {
            std::perror("epoll_wait");
            std::exit(1);
        }
        for (int k = 0; k < n; ++k) {
            const uint64_t tag = events[k].data.u64;
            const auto index = uint32_t(tag);
            if (index == kStdinTag) {
                on_stdin();
                continue;
            }
            if (index < conns_.size() && conns_[index].gen == uint32_t(tag >> 32) && conns_[index].fd >= 0) {
                on_socket(index, events[k].events);
            }
        }
        // Pacing: collect what arrives over poll_us_ and take it in one epoll_wait, instead of
        // waking for every frame. On a shared box each such wake-up is charged to the server's
        // send (loopback delivers in the sender's context); readers on other machines cost the
        // server nothing of the kind. Adds at most poll_us_ to a measured arrival.
        if (poll_us_ > 0 && n < int(events.size())) {
            const timespec pause{0, long(poll_us_) * 1000};
            nanosleep(&pause, nullptr);
        }
        const int64_t after = mono_ms();
        while (!timers_.empty() && timers_.top().when_ms <= after) {
            const Timer t = timers_.top();
            timers_.pop();
            on_timer(t);
        }
        if (busy_ == Busy::kOpening) pump_open();
        if (busy_ == Busy::kCollecting && (pending_ == 0 || after >= collect_deadline_ms_)) finish_collect();
        run_commands();
    }
}

// stdin is level-triggered: one read per wakeup never blocks.
void Client::on_stdin() {
    char buf[4096];
    const ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) shut_down();
    stdin_buf_.append(buf, size_t(n));
    size_t nl = 0;
    while ((nl = stdin_buf_.find('\n')) != std::string::npos) {
        std::string line = stdin_buf_.substr(0, nl);
        stdin_buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) commands_.push_back(std::move(line));
    }
    run_commands();
}

// open and collect take time; later commands wait for them, as the parent's asks do.
void Client::run_commands() {
    while (busy_ == Busy::kNone && !commands_.empty()) {
        const std::string line = std::move(commands_.front());
        commands_.pop_front();
        run_command(line);
    }
}

void Client::run_command(std::string_view line) {
    const auto args = split(line);
    if (args.empty()) return;
    const std::string_view cmd = args[0];
    if (cmd == "open" && args.size() == 7) {
        open_ = OpenJob{};
        open_.port = uint16_t(to_int(args[1]));
        open_.path = std::string(args[2]);
        open_.count = uint32_t(std::max<int64_t>(0, to_int(args[3])));
        open_.base = uint32_t(std::max<int64_t>(0, to_int(args[4])));
        open_.concurrency = uint32_t(std::max<int64_t>(1, to_int(args[5])));
        open_.deadline_ms = to_int(args[6]);
        open_.t0_ms = mono_ms();
        open_.first = uint32_t(conns_.size());
        conns_.resize(conns_.size() + open_.count);
        busy_ = Busy::kOpening;
        pump_open();
        return;
    }
    if (cmd == "arm" && args.size() == 2) {
        marker_ = std::string(args[1]);
        marking_ = true;
        pending_ = 0;
        for (Conn& c : conns_) {
            c.armed = c.state == State::kOpen;
            c.arrived = false;
            c.arrival_ns = 0;
            if (c.armed) ++pending_;
        }
        emit("{\"ev\":\"armed\",\"alive\":" + std::to_string(pending_) + "}");
        return;
    }
    if (cmd == "collect" && args.size() == 3) {
        start_collect(to_int(args[1]), to_int(args[2]));
        return;
    }
    if (cmd == "stats") {
        int64_t alive = 0;
        for (const Conn& c : conns_) alive += c.fd >= 0 ? 1 : 0;
        emit("{\"ev\":\"stats\",\"alive\":" + std::to_string(alive) + ",\"cpu\":" + cpu_json() +
             ",\"pings\":" + std::to_string(pings_) + ",\"textFrames\":" + std::to_string(text_frames_) +
             ",\"rssKB\":" + std::to_string(rss_kb()) + "}");
        return;
    }
    if (cmd == "close") shut_down();
    std::fprintf(stderr, "live_client: unknown command: %.*s\n", int(line.size()), line.data());
}

void Client::start_collect(int64_t t0_ns, int64_t wait_ms) {
    collect_t0_ns_ = t0_ns;
    collect_deadline_ms_ = mono_ms() + wait_ms;
    busy_ = Busy::kCollecting;
    if (pending_ == 0) finish_collect();
}

void Client::finish_collect() {
    busy_ = Busy::kNone;
    marking_ = false;
    std::string lat;
    int64_t missed = 0;
    int64_t closed = 0;
    for (const Conn& c : conns_) {
        if (!c.armed) continue;
        if (c.arrived) {
            if (!lat.empty()) lat += ',';
            append_ms(lat, c.arrival_ns - collect_t0_ns_);
        } else if (c.fd < 0) {
            ++closed;
        } else {
            ++missed;
        }
    }
    emit("{\"ev\":\"result\",\"lat\":[" + lat + "],\"missed\":" + std::to_string(missed) + ",\"closed\":" +
         std::to_string(closed) + ",\"cpu\":" + cpu_json() + ",\"pings\":" + std::to_string(pings_) +
         ",\"textFrames\":" + std::to_string(text_frames_) + "}");
}

// Starts connections while there is room and time, and answers once every started one has
// opened or given up.
void Client::pump_open() {
    OpenJob& o = open_;
    while (o.next < o.count && o.inflight < o.concurrency && mono_ms() - o.t0_ms < o.deadline_ms) {
        ++o.inflight;
        start_attempt(o.first + o.next++);
    }
    if (o.inflight > 0 || (o.next < o.count && mono_ms() - o.t0_ms < o.deadline_ms)) return;
    std::string errors;
    for (const auto& [why, n] : o.errors) {
        if (!errors.empty()) errors += ',';
        errors += json_string(why) + ":" + std::to_string(n);
    }
    busy_ = Busy::kNone;
    emit("{\"ev\":\"opened\",\"ok\":" + std::to_string(o.ok) + ",\"failed\":" + std::to_string(o.count - o.ok) +
         ",\"errors\":{" + errors + "},\"ms\":" + std::to_string(mono_ms() - o.t0_ms) +
         ",\"textFrames\":" + std::to_string(text_frames_) + ",\"cpu\":" + cpu_json() + "}");
}

void Client::shut_down() {
    for (Conn& c : conns_) {
        if (c.fd >= 0) close(c.fd);
    }
    emit("{\"ev\":\"closed\"}");
    std::exit(0);
}

// Failures here go through attempt_failed, which may only schedule: pump_open starts the next.
void Client::start_attempt(uint32_t i) {
    Conn& c = conns_[i];
    ++c.gen;
    c.state = State::kConnecting;
    for (size_t k = 0; k < c.key.size(); k += 8) {
        const uint64_t r = rng_();
        std::memcpy(c.key.data() + k, &r, 8);
    }
    timers_.push({mono_ms() + kHandshakeTimeoutMs, i, c.gen, TimerKind::kHandshake});
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) return attempt_failed(i, errno_name(errno));
    // Source port chosen at connect, per destination: the 8 source addresses then do not each
    // need a free port of their own in the shared ephemeral range.
    const int one = 1;
    setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(0x7f000000u | (2 + (open_.base + (i - open_.first)) % kSourceAddrs));
    if (bind(c.fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) < 0) return attempt_failed(i, errno_name(errno));
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(open_.port);
    remote.sin_addr.s_addr = htonl(0x7f000001u);
    if (connect(c.fd, reinterpret_cast<const sockaddr*>(&remote), sizeof remote) < 0 && errno != EINPROGRESS) {
        return attempt_failed(i, errno_name(errno));
    }
    // Registered after connect: an unconnected socket polls as hung up. Writable = connected.
    // Edge-triggered, so nothing is re-polled or re-registered: on_readable explains the reads.
    watch(i, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
}

void Client::attempt_failed(uint32_t i, const std::string& why) {
    Conn& c = conns_[i];
    drop_socket(c);
    if (c.retries < kMaxRetries && mono_ms() - open_.t0_ms < open_.deadline_ms) {
        ++open_.errors[why];
        ++c.retries;
        c.state = State::kIdle;
        timers_.push({mono_ms() + 50 * c.retries, i, c.gen, TimerKind::kRetry});
        return;
    }
    ++open_.errors["final:" + why];
    c.state = State::kClosed;
    --open_.inflight;
}

void Client::lost(uint32_t i, const std::string& why) {
    Conn& c = conns_[i];
    if (c.state != State::kOpen) return attempt_failed(i, why);
    drop_socket(c);
    c.state = State::kClosed;
    if (marking_ && c.armed && !c.arrived) --pending_;
}

void Client::drop_socket(Conn& c) {
    if (c.fd >= 0) close(c.fd);
    c.fd = -1;
    ++c.gen;
    std::vector<uint8_t>().swap(c.in);
    std::vector<uint8_t>().swap(c.out);
}

void Client::on_timer(const Timer& t) {
    Conn& c = conns_[t.index];
    if (c.gen != t.gen) return;
    if (t.kind == TimerKind::kRetry && c.state == State::kIdle) return start_attempt(t.index);
    // A server out of descriptors leaves the connection in its backlog: give up in time.
    if (t.kind == TimerKind::kHandshake && c.state != State::kOpen && c.state != State::kClosed) {
        attempt_failed(t.index, "handshake timeout");
    }
}

void Client::watch(uint32_t i, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = uint64_t{conns_[i].gen} << 32 | i;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, conns_[i].fd, &ev) < 0) attempt_failed(i, "epoll_ctl: " + errno_name(errno));
}

void Client::on_socket(uint32_t i, uint32_t events) {
    const uint32_t gen = conns_[i].gen;
    if (conns_[i].state == State::kConnecting) on_connected(i);
    if (conns_[i].gen == gen && (events & EPOLLOUT) && !conns_[i].out.empty()) flush(i);
    if (conns_[i].gen == gen && (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP))) on_readable(i, events);
}

void Client::on_connected(uint32_t i) {
    Conn& c = conns_[i];
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    if (err != 0) return attempt_failed(i, errno_name(err));
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c.state = State::kHandshaking;
    const std::string req = "GET " + open_.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(open_.port) +
                            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
                            base64(c.key.data(), c.key.size()) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    send_bytes(i, reinterpret_cast<const uint8_t*>(req.data()), req.size());
}

// Reads until a short read rather than until EAGAIN, which would cost a second recv per message:
// a short read took all the socket had, and whatever arrives later (data, or a FIN, which
// EPOLLRDHUP announces) raises a new edge. With a hang-up already announced, read to the end.
void Client::on_readable(uint32_t i, uint32_t events) {
    const uint32_t gen = conns_[i].gen;
    const bool hung_up = (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
    while (conns_[i].gen == gen) {
        const ssize_t n = recv(conns_[i].fd, rbuf_, sizeof rbuf_, 0);
        if (n > 0) {
            consume(i, rbuf_, size_t(n));
            if (size_t(n) < sizeof rbuf_ && !hung_up) return;
            continue;
        }
        if (n == 0) return lost(i, "closed");
        if (errno == EINTR) continue;
        if (errno == EAGAIN) return;
        return lost(i, errno_name(errno));
    }
}

void Client::consume(uint32_t i, const uint8_t* p, size_t n) {
    const uint32_t gen = conns_[i].gen;
    if (conns_[i].in.empty()) {
        const size_t used = parse(i, p, n);
        if (conns_[i].gen == gen && used < n) conns_[i].in.assign(p + used, p + n);
        return;
    }
    std::vector<uint8_t> buf;
    buf.swap(conns_[i].in);
    buf.insert(buf.end(), p, p + n);
    const size_t used = parse(i, buf.data(), buf.size());
    if (conns_[i].gen != gen || used == buf.size()) return;
    if (used == 0) {
        conns_[i].in.swap(buf);
        return;
    }
    conns_[i].in.assign(buf.begin() + std::ptrdiff_t(used), buf.end());
}

// Returns how many bytes were used: the rest is an incomplete head or frame.
size_t Client::parse(uint32_t i, const uint8_t* p, size_t n) {
    const uint32_t gen = conns_[i].gen;
    size_t off = 0;
    if (conns_[i].state == State::kHandshaking) {
        const void* end = memmem(p, n, "\r\n\r\n", 4);
        if (!end) {
            if (n > kMaxHeadBytes) attempt_failed(i, "handshake: response head too long");
            return 0;
        }
        const std::string_view head(reinterpret_cast<const char*>(p), size_t(static_cast<const uint8_t*>(end) - p));
        std::string accept_input = base64(conns_[i].key.data(), conns_[i].key.size());
        accept_input += kGuid;
        const auto digest = sha1(accept_input);
        const std::string want = base64(digest.data(), digest.size());
        if (!head.starts_with("HTTP/1.1 101") || head.find(want) == std::string_view::npos) {
            attempt_failed(i, "handshake: " + std::string(head.substr(0, head.find("\r\n"))));
            return n;
        }
        conns_[i].state = State::kUpgraded;
        off = head.size() + 4;
    }
    while (n - off >= 2) {
        const uint8_t op = p[off] & 0x0f;
        const bool masked = (p[off + 1] & 0x80) != 0;
        uint64_t len = p[off + 1] & 0x7f;
        size_t header = 2;
        if (len == 126) {
            if (n - off < 4) break;
            len = uint64_t{p[off + 2]} << 8 | p[off + 3];
            header = 4;
        } else if (len == 127) {
            if (n - off < 10) break;
            len = 0;
            for (int k = 0; k < 8; ++k) len = len << 8 | p[off + 2 + k];
            header = 10;
        }
        if (masked) header += 4;  // a server must not mask; skip the key if one does anyway
        if (n - off < header || n - off - header < len) break;
        on_frame(i, op, p + off + header, size_t(len));
        off += header + size_t(len);
        if (conns_[i].gen != gen) return n;
    }
    return off;
}

void Client::on_frame(uint32_t i, uint8_t op, const uint8_t* payload, size_t len) {
    Conn& c = conns_[i];
    if (op == 0x1 || op == 0x0) {
        ++text_frames_;
        if (c.state == State::kUpgraded) {  // the server's first frame is hello
            c.state = State::kOpen;
            ++open_.ok;
            --open_.inflight;
            return;
        }
        if (marking_ && c.armed && !c.arrived && len >= marker_.size() &&
            memmem(payload, len, marker_.data(), marker_.size()) != nullptr) {
            c.arrival_ns = mono_ns();
            c.arrived = true;
            --pending_;
        }
        return;
    }
    if (op == 0x9) {
        ++pings_;
        if (len > 125) return;  // not a valid control frame; nothing sensible to echo
        uint8_t pong[6 + 125] = {0x8a, uint8_t(0x80 | len), 0, 0, 0, 0};  // masked with a zero key
        std::memcpy(pong + 6, payload, len);
        return send_bytes(i, pong, 6 + len);
    }
    if (op == 0x8) {
        static constexpr uint8_t kClose[] = {0x88, 0x80, 0, 0, 0, 0};
        send(c.fd, kClose, sizeof kClose, MSG_NOSIGNAL);
        lost(i, "closed");
    }
}

void Client::send_bytes(uint32_t i, const uint8_t* p, size_t n) {
    Conn& c = conns_[i];
    if (c.out.empty()) {
        const ssize_t w = send(c.fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EINTR) return lost(i, errno_name(errno));
        const size_t sent = w > 0 ? size_t(w) : 0;
        if (sent == n) return;
        p += sent;
        n -= sent;  // EPOLLOUT's next edge flushes the rest
    }
    c.out.insert(c.out.end(), p, p + n);
}

void Client::flush(uint32_t i) {
    Conn& c = conns_[i];
    const ssize_t w = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (w < 0 && errno != EAGAIN && errno != EINTR) return lost(i, errno_name(errno));
    if (w > 0) c.out.erase(c.out.begin(), c.out.begin() + w);
    if (c.out.empty()) std::vector<uint8_t>().swap(c.out);
}

}  // namespace

int main() {
    signal(SIGPIPE, SIG_IGN);
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    static Client client;  // 64 KiB read buffer: not on the stack
    client.run();
}
