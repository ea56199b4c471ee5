#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace tribune::domain {

/// Video or audio attached to an article, with its length ("04:53").
struct Media {
    std::string kind;  // "video" or "audio"
    std::string url;
    std::string mime_type;
    std::int32_t duration_seconds = 0;
    std::string caption;
};

/// A published article. Its discussion's page key is `page_key()`: "/articles/<slug>".
struct Article {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    std::string summary;
    std::string author;
    std::string body_markdown;
    Time published_at{};
    std::optional<Media> media;

    std::string page_key() const { return "/articles/" + slug; }
};

/// "04:53" for 293 seconds; "1:02:03" past an hour.
std::string format_duration(std::int32_t seconds);

}  // namespace tribune::domain
