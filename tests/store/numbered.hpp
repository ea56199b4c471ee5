#pragma once
// Test names and texts with a number in them, for the store suites.

#include <string>
#include <string_view>

namespace tribune::store::testing {

/// "prefix" + n, built without operator+ (g++ 12 -O3 warns falsely on that: PR105329).
inline std::string numbered(std::string_view prefix, long n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

}  // namespace tribune::store::testing
