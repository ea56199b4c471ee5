#include "live/live_metrics.hpp"

namespace tribune::live {

metrics::Histogram<metrics::SecondsBuckets>& fanout_seconds() {
    static metrics::Histogram<metrics::SecondsBuckets> h;
    return h;
}

}  // namespace tribune::live
