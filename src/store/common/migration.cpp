#include "store/common/migration.hpp"

#include <chrono>
#include <string>

namespace tribune::store {

std::int64_t now_micros() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

domain::Error schema_too_new(int applied, int known) {
    return domain::make_error(domain::ErrorCode::kUnavailable, "Store from a newer Tribune",
                              "This store was written by a newer Tribune (schema " + std::to_string(applied) +
                                  "; this binary knows up to " + std::to_string(known) +
                                  "). Upgrade the binary or restore a backup.");
}

}  // namespace tribune::store
