#pragma once
// The srcset and sizes of an image that has resized variants (the media library makes them at
// upload), so a browser fetches the smallest copy that fills its layout.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::render {

/// One copy of an image: its URL and its width in pixels.
struct ImageSource {
    std::string url;
    std::int32_t width = 0;
};

/// The sizes of the article page's lead image: the column's width on wide screens, the
/// viewport's on narrow ones (tribune.css: the story column is at most 46rem).
inline constexpr std::string_view kLeadImageSizes = "(min-width: 48rem) 46rem, 100vw";

/// Appends ` srcset="u1 480w, u2 960w, ..." sizes="..."` for `sources` (those with a safe URL
/// and a width, narrowest first), or nothing when fewer than two remain.
void append_srcset(std::string& out, const std::vector<ImageSource>& sources, std::string_view sizes);

}  // namespace tribune::render
