#pragma once
// A property a harness checks beyond "no crash": when it fails, the reason goes to stderr and
// abort() makes libFuzzer report a crash and keep the input as the reproducer.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tribune::fuzz {

[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "\n== fuzz property failed: %.*s\n", static_cast<int>(what.size()), what.data());
    std::fwrite(detail.data(), 1, std::min<std::size_t>(detail.size(), 4000), stderr);  // may hold NULs
    std::fputc('\n', stderr);
    std::abort();
}

inline void check(bool ok, std::string_view what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

}  // namespace tribune::fuzz
