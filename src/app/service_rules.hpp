#pragma once
// The use cases' rules (service::Rules) from the configuration: one builder for the server and
// the command line, so both apply the same limits and policy defaults.

#include "app/config.hpp"
#include "service/context.hpp"
#include "service/safeguards.hpp"

namespace tribune::app {

service::Rules service_rules(const Config& config);

/// The per-node rate limits from the configuration.
service::RateRules rate_rules(const Config& config);

}  // namespace tribune::app
