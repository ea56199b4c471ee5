#include "store/common/migration.hpp"

#include <chrono>
#include <cstdio>

namespace tribune::store {

std::int64_t now_micros() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void log_schema_too_new(int applied, int known) {
    std::fprintf(stderr, "tribune store: schema version %d is newer than this build (%d)\n", applied, known);
}

}  // namespace tribune::store
