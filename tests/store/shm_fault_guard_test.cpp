// The SIGBUS guard alone, on mappings made here: a "-shm" file cut short under its mapping is
// survived even at the descriptor limit, and a fault at the address of a page it replaced earlier,
// once another file is mapped there, is not taken as its own. Each case runs in a child process
// (the handler is process-wide), bounded by an alarm so a handler that loops fails, not hangs.
#include "store/sqlite/shm_fault_guard.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "temp_dir.hpp"

namespace tribune::store::sqlite {
namespace {

constexpr int kAlarmSeconds = 5;

// A one-page file `name` in `dir`, mapped shared, then cut to nothing: touching the page
// faults. Exits the child with `code` when a step fails.
volatile unsigned char* map_then_cut(const std::string& path, void* at = nullptr) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::ftruncate(fd, ::getpagesize()) != 0) std::_Exit(10);
    void* p = ::mmap(at, static_cast<std::size_t>(::getpagesize()), PROT_READ | PROT_WRITE,
                     MAP_SHARED | (at != nullptr ? MAP_FIXED : 0), fd, 0);
    if (p == MAP_FAILED || ::ftruncate(fd, 0) != 0) std::_Exit(11);
    ::close(fd);
    return static_cast<volatile unsigned char*>(p);
}

// How a fault passed on ends the process: killed by SIGBUS, or (under a sanitizer, whose handler
// was there first) a report and a non-zero exit. Never exit 0, and never the alarm of a handler
// that took the fault as its own and looped on it.
bool ended_by_the_fault(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status) != 0;
    return WIFSIGNALED(status) && WTERMSIG(status) != SIGALRM;
}

class ShmFaultGuardTest : public ::testing::Test {
protected:
    void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
    std::string file(const char* name) const { return (dir_.path() / name).string(); }
    testing::TempDir dir_;
};

TEST_F(ShmFaultGuardTest, AFaultInAShmMappingIsSurvivedAtTheDescriptorLimit) {
    EXPECT_EXIT(
        {
            ::alarm(kAlarmSeconds);
            install_shm_fault_guard();
            volatile unsigned char* page = map_then_cut(file("t.db-shm"));
            // Every descriptor taken: the handler cannot open /proc/self/maps now.
            rlimit none{};
            if (::setrlimit(RLIMIT_NOFILE, &none) != 0) std::_Exit(12);
            if (::open("/dev/null", O_RDONLY) >= 0) std::_Exit(13);
            page[0] = 1;  // SIGBUS, replaced by a private page
            std::_Exit(shm_fault_seen() && page[0] == 1 ? 0 : 14);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST_F(ShmFaultGuardTest, AFaultAtAReplacedPagesAddressInAnotherFileIsNotTaken) {
    EXPECT_EXIT(
        {
            ::alarm(kAlarmSeconds);
            install_shm_fault_guard();
            volatile unsigned char* page = map_then_cut(file("t.db-shm"));
            page[0] = 1;  // replaced
            if (!shm_fault_seen()) std::_Exit(15);
            void* at = const_cast<unsigned char*>(page);
            if (::munmap(at, static_cast<std::size_t>(::getpagesize())) != 0) std::_Exit(16);
            volatile unsigned char* other = map_then_cut(file("other.dat"), at);
            if (other != page) std::_Exit(17);
            other[0] = 1;  // a fault the guard must pass on: the process ends as without it
            std::_Exit(0);
        },
        ended_by_the_fault, "");
}

}  // namespace
}  // namespace tribune::store::sqlite
