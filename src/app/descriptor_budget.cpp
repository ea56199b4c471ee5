#include "app/descriptor_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace tribune::app {

DescriptorBudget split_descriptors(std::size_t limit, std::size_t reserve, std::size_t configured_live) {
    DescriptorBudget b;
    b.limit = limit;
    // A tiny limit still leaves a few connections rather than none.
    b.connections = limit > reserve + 8 ? limit - reserve : 8;
    b.live = std::min(configured_live, std::max<std::size_t>(1, b.connections / 4 * 3));
    return b;
}

DescriptorBudget descriptor_budget(std::size_t reserve, std::size_t configured_live) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return split_descriptors(1024, reserve, configured_live);
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    const std::size_t usable = limit.rlim_cur == RLIM_INFINITY
                                   ? std::numeric_limits<int>::max()
                                   : static_cast<std::size_t>(limit.rlim_cur);
    return split_descriptors(usable, reserve, configured_live);
}

}  // namespace tribune::app
