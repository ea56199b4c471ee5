#pragma once
// How many connections a node can hold: every connection and live stream is a file descriptor,
// and a node that runs out of them cannot even answer /healthz. The caps are derived from the
// process's real limit, minus a reserve for the store, logs and the listener.

#include <cstddef>

namespace tribune::app {

struct DescriptorBudget {
    std::size_t limit = 0;        // the process's descriptor limit (soft, after raising it)
    std::size_t connections = 0;  // HTTP connections and live streams together
    std::size_t live = 0;         // live streams: at most three quarters of the connections, so
                                  // ordinary requests and /healthz still get in at the live cap
};

/// Splits `limit` descriptors: `reserve` kept back, then the connections; live streams get the
/// smaller of `configured_live` and three quarters of the connections. Pure, for the tests.
DescriptorBudget split_descriptors(std::size_t limit, std::size_t reserve, std::size_t configured_live);

/// Raises the soft descriptor limit to the hard one and splits it, keeping `reserve` back.
DescriptorBudget descriptor_budget(std::size_t reserve, std::size_t configured_live);

}  // namespace tribune::app
