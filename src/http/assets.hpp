#pragma once
// Files from web/ compiled into the binary (cmake/embed_assets.cmake).

#include <string_view>
#include <vector>

namespace tribune::http {

struct Asset {
    std::string_view path;  // "/tribune.css", relative to web/
    std::string_view content_type;
    std::string_view data;
};

/// Every embedded file.
const std::vector<Asset>& embedded_assets();

}  // namespace tribune::http
