#pragma once

#include <chrono>
#include <cstddef>

namespace tribune::domain {

/// The rules' numbers, set by configuration.
struct Limits {
    std::size_t max_text_chars = 10000;
    std::size_t max_name_chars = 64;
    std::size_t max_page_bytes = 512;
    std::chrono::seconds edit_window{15 * 60};
    int max_page_size = 100;     // largest `limit` a list accepts
    int default_page_size = 20;  // top-level comments per page
    int first_replies = 3;       // replies embedded under each top-level comment
};

}  // namespace tribune::domain
