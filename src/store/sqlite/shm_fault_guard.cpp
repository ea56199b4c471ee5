#include "store/sqlite/shm_fault_guard.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>

// Everything the handler touches is static and it calls only system calls (pread, open, close,
// process_vm_readv, mmap, sigaction, getpid): it may run at any point of any thread.
namespace tribune::store::sqlite {
namespace {

constexpr std::size_t kMaxPage = 64 * 1024;
constexpr std::size_t kMaxReplaced = 1024;
constexpr std::size_t kTail = 32;  // enough for "-shm (deleted)"

struct sigaction g_previous {};
std::atomic<bool> g_fault{false};
std::atomic_flag g_busy = ATOMIC_FLAG_INIT;
std::size_t g_page = 4096;
alignas(64) unsigned char g_copy[kMaxPage];
char g_maps[4096];
std::uintptr_t g_replaced[kMaxReplaced];  // pages put in place, 0 where none yet
std::size_t g_replaced_next = 0;
int g_maps_fd = -1;  // /proc/self/maps of g_maps_pid, opened at installation
pid_t g_maps_pid = 0;

bool ends_with(const char* s, std::size_t n, const char* suffix) {
    const std::size_t k = std::strlen(suffix);
    return n >= k && std::memcmp(s + n - k, suffix, k) == 0;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// What is mapped at an address now.
enum class Mapping {
    kShm,        // a file whose name ends in "-shm" (also once deleted)
    kAnonymous,  // memory of no file: a page this handler put in place, if it is in g_replaced
    kOther,      // anything else, or nothing, or /proc/self/maps could not be read
};

// The mapping of `addr`, from /proc/self/maps ("start-end perms offset dev inode   path"), read
// in pieces without allocating, through the descriptor opened at installation: at the
// descriptor limit the handler could not open one. A process forked since reads its own.
Mapping mapping_at(std::uintptr_t addr) {
    int fd = g_maps_fd;
    const bool own = fd < 0 || ::getpid() != g_maps_pid;
    if (own) fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Mapping::kOther;
    enum { kStart, kEnd, kRest } field = kStart;
    std::uintptr_t start = 0, end = 0;
    char tail[kTail];
    std::size_t tail_len = 0;  // bytes seen in the rest of the line (the ring holds the last kTail)
    int words = 0;             // in the rest of the line: perms, offset, dev, inode, then the path
    bool in_word = false;
    Mapping found = Mapping::kOther;
    bool done = false;  // the line of addr was seen
    off_t offset = 0;
    while (!done) {
        const ssize_t n = ::pread(fd, g_maps, sizeof g_maps, offset);
        if (n <= 0) break;
        offset += n;
        for (ssize_t i = 0; i < n && !done; ++i) {
            const char c = g_maps[i];
            if (c == '\n') {
                if (addr >= start && addr < end) {
                    char last[kTail];
                    const std::size_t len = tail_len < kTail ? tail_len : kTail;
                    for (std::size_t j = 0; j < len; ++j) last[j] = tail[(tail_len - len + j) % kTail];
                    if (ends_with(last, len, "-shm") || ends_with(last, len, "-shm (deleted)")) found = Mapping::kShm;
                    else if (words <= 4) found = Mapping::kAnonymous;
                    done = true;
                }
                field = kStart;
                start = end = 0;
                tail_len = 0;
                words = 0;
                in_word = false;
                continue;
            }
            if (field == kStart) {
                if (c == '-') field = kEnd;
                else if (const int d = hex_digit(c); d >= 0) start = start * 16 + static_cast<unsigned>(d);
            } else if (field == kEnd) {
                if (c == ' ') field = kRest;
                else if (const int d = hex_digit(c); d >= 0) end = end * 16 + static_cast<unsigned>(d);
            } else {
                if (c != ' ' && !in_word) ++words;
                in_word = c != ' ';
                tail[tail_len % kTail] = c;
                ++tail_len;
            }
        }
    }
    if (own) ::close(fd);
    return found;
}

bool replaced_here(std::uintptr_t page) {
    for (std::size_t i = 0; i < kMaxReplaced; ++i)
        if (g_replaced[i] == page) return true;
    return false;
}

// Maps a private page holding what could still be read of the faulting one at its address.
bool replace_page(std::uintptr_t page) {
    iovec local{g_copy, g_page};
    iovec remote{reinterpret_cast<void*>(page), g_page};
    const bool copied = ::process_vm_readv(::getpid(), &local, 1, &remote, 1, 0) == static_cast<ssize_t>(g_page);
    void* p = ::mmap(reinterpret_cast<void*>(page), g_page, PROT_READ | PROT_WRITE,
                     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
    if (copied) std::memcpy(p, g_copy, g_page);
    g_replaced[g_replaced_next] = page;  // a ring: the oldest are forgotten first
    g_replaced_next = (g_replaced_next + 1) % kMaxReplaced;
    return true;
}

// `sent`: the signal came from kill() or the like (si_code <= 0), not from an access, so
// returning would not bring it back: with the default action it is raised again.
void pass_on(int sig, siginfo_t* info, void* context, bool sent) {
    if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(sig, info, context);
        return;
    }
    if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN && g_previous.sa_handler != nullptr) {
        g_previous.sa_handler(sig);
        return;
    }
    // Back to the default action: returning re-runs the access, which faults again and ends the
    // process as it would have without this handler.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGBUS, &dfl, nullptr);
    if (sent) ::raise(sig);
}

void on_sigbus(int sig, siginfo_t* info, void* context) {
    if (info->si_code <= 0) return pass_on(sig, info, context, true);  // no faulting address
    // A hardware memory error is not a file cut short: the page is poisoned, not replaceable.
    if (info->si_code == BUS_MCEERR_AR || info->si_code == BUS_MCEERR_AO) return pass_on(sig, info, context, false);
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    const std::uintptr_t page = addr & ~(static_cast<std::uintptr_t>(g_page) - 1);
    while (g_busy.test_and_set(std::memory_order_acquire)) {
    }
    // A page this handler replaced is anonymous memory as long as it is still there: then
    // another thread faulted on it first. Once unmapped and its address reused by another file,
    // a fault there is not ours to take.
    bool handled = false;
    switch (mapping_at(addr)) {
        case Mapping::kShm: handled = replace_page(page); break;
        case Mapping::kAnonymous: handled = replaced_here(page); break;
        case Mapping::kOther: break;
    }
    if (handled) g_fault.store(true, std::memory_order_release);
    g_busy.clear(std::memory_order_release);
    if (!handled) pass_on(sig, info, context, false);
}

}  // namespace

void install_shm_fault_guard() {
    static std::once_flag once;
    std::call_once(once, [] {
        const long size = ::sysconf(_SC_PAGESIZE);
        if (size <= 0 || static_cast<std::size_t>(size) > kMaxPage) return;
        g_page = static_cast<std::size_t>(size);
        g_maps_pid = ::getpid();
        g_maps_fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
        struct sigaction action {};
        action.sa_sigaction = on_sigbus;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGBUS, &action, &g_previous);
    });
}

bool shm_fault_seen() { return g_fault.load(std::memory_order_acquire); }

}  // namespace tribune::store::sqlite
