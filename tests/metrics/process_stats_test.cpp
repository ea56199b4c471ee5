#include "metrics/process_stats.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

using namespace tribune::metrics;

TEST(ProcessStats, ReadsPlausibleValues) {
    const auto p = read_process_stats();
    ASSERT_TRUE(p.resident_bytes);
    EXPECT_GT(*p.resident_bytes, 0u);
    ASSERT_TRUE(p.virtual_bytes);
    EXPECT_GE(*p.virtual_bytes, *p.resident_bytes);
    ASSERT_TRUE(p.open_fds);
    EXPECT_GE(*p.open_fds, 3u);  // stdin, stdout, stderr at least
    ASSERT_TRUE(p.threads);
    EXPECT_GE(*p.threads, 1u);
    ASSERT_TRUE(p.start_time_seconds);
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_LE(*p.start_time_seconds, now + 2);
    EXPECT_GT(*p.start_time_seconds, now - 24 * 3600);  // a test process started today
    EXPECT_GE(p.cpu_seconds, 0.0);
}

TEST(ProcessStats, CountsDescriptorsItOpens) {
    const auto before = read_process_stats().open_fds.value_or(0);
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const auto during = read_process_stats().open_fds.value_or(0);
    ::close(fd);
    EXPECT_EQ(during, before + 1);
}

TEST(ProcessStats, DescriptorCountIsBounded) {
    const auto p = read_process_stats(2);
    ASSERT_TRUE(p.open_fds);
    EXPECT_LE(*p.open_fds, 2u);
}
