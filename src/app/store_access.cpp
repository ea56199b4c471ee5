#include "app/store_access.hpp"

#include <spdlog/spdlog.h>

#include "store/open_store.hpp"

namespace tribune::app {

std::optional<std::unique_ptr<store::Store>> open_configured_store(const Config& config) {
    auto opened = store::open_store(database_url(config));
    if (!opened) {
        spdlog::error("store_unavailable reason=\"{}: {}\"", opened.error().title, opened.error().message);
        return std::nullopt;
    }
    return std::move(*opened);
}

}  // namespace tribune::app
