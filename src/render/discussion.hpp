#pragma once
// The discussion under an article: header with counts, live presence and typing, forms, comments, paging.

#include <cstdint>
#include <string>

#include "render/views.hpp"

namespace tribune::render {

/// "1 Comment", "0 Comments", "24 Comments".
std::string comments_label(std::int64_t n);

/// Appends `<section id="comments" data-page="{page key}">`: the count, "Active:", the loader, the
/// typing indicator, the name and comment forms with feedback, each visible top-level comment with
/// its replies, "Load More Replies" / "Load More Comments" links and a reply form per comment.
/// Comments the viewer may not see (domain::can_see) are left out. The section's data-live-insert
/// tells web/embed.js where new live comments go (v.live_insert).
void append_discussion(std::string& out, const ArticleView& v);

}  // namespace tribune::render
