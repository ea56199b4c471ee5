#pragma once
// Article bodies: GitHub-flavoured Markdown to HTML.

#include <string>
#include <string_view>

namespace tribune::render {

/// Renders `md` with cmark-gfm in its safe mode: raw HTML is dropped (replaced by an HTML comment)
/// and links or images whose URL is javascript:, vbscript:, file: or a non-image data: become
/// empty. GFM tables, strikethrough (~~x~~) and autolinks are on. The output is trusted HTML for
/// ArticleView::body_html. Thread-safe. CPU-bound: call it from a worker, not an I/O thread.
/// Throws std::bad_alloc when cmark cannot allocate.
std::string markdown_to_html(std::string_view md);

}  // namespace tribune::render
