#include "store/common/store_metrics.hpp"

namespace tribune::store {

StoreMetrics& store_metrics() {
    static StoreMetrics m;
    return m;
}

}  // namespace tribune::store
