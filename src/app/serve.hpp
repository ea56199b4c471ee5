#pragma once

#include "app/config.hpp"

namespace tribune::app {

/// `tribune serve`: opens the store (seeding the demo into an empty one), serves until
/// SIGTERM/SIGINT, then stops cleanly. Returns the process exit code.
int serve(const Config& config);

}  // namespace tribune::app
