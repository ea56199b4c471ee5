#pragma once
// Article bodies: GitHub-flavoured Markdown to HTML.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/image_sources.hpp"

namespace tribune::render {

/// Renders `md` with cmark-gfm in its safe mode: raw HTML is dropped (replaced by an HTML comment)
/// and links or images whose URL is javascript:, vbscript:, file: or a non-image data: become
/// empty. GFM tables, strikethrough (~~x~~) and autolinks are on. The output is trusted HTML for
/// ArticleView::body_html. Thread-safe. CPU-bound: call it from a worker, not an I/O thread.
/// Throws std::bad_alloc when cmark cannot allocate.
std::string markdown_to_html(std::string_view md);

/// A file of the newsroom's own media library, as a body that embeds it shows it.
struct EmbeddedMedia {
    std::string kind;          // "image", "video" or "audio"
    std::string url;           // what src names (a feed's lookup makes it absolute)
    std::string content_type;  // "video/mp4", ...
    std::int32_t width = 0;    // images: reserve the space before the file arrives
    std::int32_t height = 0;
    std::int32_t duration_seconds = 0;  // video and audio, 0 when unknown
    std::vector<ImageSource> sources;   // an image's copies for srcset (image_sources.hpp)
};

/// Asked for each image URL of the form "/media/<64 hex digits>.<ext>" a body holds: that
/// item's facts, or nullopt when the library does not know it (the image is then left as is).
using MediaLookup = std::function<std::optional<EmbeddedMedia>(std::string_view url)>;

/// At most this many distinct media URLs of one body are looked up; later ones stay plain images.
inline constexpr std::size_t kMaxEmbeddedMedia = 50;

/// An article's body: markdown_to_html plus footnotes ([^1] references, linked both ways, in a
/// section named "Footnotes" at the end) and embeds of the newsroom's own media. An image whose
/// URL `media` knows becomes the element its kind needs: an image with its width, height and
/// srcset/sizes (as the lead image), a `<video>` or `<audio>` with controls, named by the alt
/// text and captioned with the title (else the alt text) and the duration. Alone in its
/// paragraph it is a <figure>; within text, the bare element. Raw HTML stays dropped.
/// `media` may be empty (no lookups). Throws std::bad_alloc when cmark cannot allocate.
std::string article_body_html(std::string_view md, const MediaLookup& media);

}  // namespace tribune::render
