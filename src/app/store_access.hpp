#pragma once

#include <memory>
#include <optional>

#include "app/config.hpp"
#include "store/store.hpp"

namespace tribune::app {

/// Opens the configured store (running migrations), logging why when it can't.
std::optional<std::unique_ptr<store::Store>> open_configured_store(const Config& config);

}  // namespace tribune::app
