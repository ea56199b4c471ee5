#include "domain/article.hpp"

#include <cstdio>

namespace tribune::domain {

std::string format_duration(std::int32_t seconds) {
    if (seconds < 0) seconds = 0;
    char buf[24];
    const int h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", h, m, s);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", m, s);
    return buf;
}

}  // namespace tribune::domain
