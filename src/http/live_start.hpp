#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/viewer.hpp"

namespace tribune::http {

/// What a live stream (WebSocket or SSE) needs to start.
struct LiveStart {
    std::string page;
    domain::Viewer viewer;
    std::optional<std::uint64_t> last_event_id;
};

}  // namespace tribune::http
