#pragma once
// Corrections and live coverage as readers see them: the "Correction" notes at the foot of the
// story, the "Live updates" section (each update's markup, the same the live stream carries),
// the JSON-LD corrections and the Atom feed of an article's updates.

#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/live_update.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// The updates an article page shows at most (the first page of the API's order).
inline constexpr int kPageLiveUpdates = 50;

/// One update: <article class="live-update" data-update-id data-pinned data-posted>, its time,
/// "Pinned"/"Edited" labels and its Markdown rendered by render::markdown_to_html. The page
/// and the live event (type live_update) carry exactly this, so the script only places it.
std::string live_update_html(const domain::LiveUpdate& u);

/// The article's correction notes, oldest first, each labelled "Correction" with its date;
/// nothing when it has none.
void append_corrections_block(std::string& out, const domain::Article& a);

/// The "Live updates" section (with the "Live" badge while coverage is on), pinned first, then
/// newest first; nothing when the article is not live and has no updates.
void append_live_updates(std::string& out, const domain::Article& a, const std::vector<domain::LiveUpdate>& updates);

/// ,"correction":[{"@type":"CorrectionComment","text":...,"datePublished":...}] for the
/// article's JSON-LD; nothing when it has none.
void append_json_ld_corrections(std::string& out, const domain::Article& a);

/// "/articles/{slug}/updates.atom": the Atom feed of an article's live updates.
std::string live_updates_feed_path(std::string_view slug);

/// The Atom 1.0 document of an article's live updates, in the page's order (each entry's
/// content is the update's rendered HTML).
std::string live_updates_atom_feed(const SiteInfo& site, const domain::Article& a, domain::Time now,
                                   const std::vector<domain::LiveUpdate>& updates);

}  // namespace tribune::render
