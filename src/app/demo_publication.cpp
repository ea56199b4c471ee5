#include "app/demo_publication.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "store/store.hpp"

namespace tribune::app {

namespace {

// The author's edit lands a few minutes after posting, inside the edit window a reader has.
constexpr std::chrono::minutes kEditDelay{6};

std::string page_of(std::string_view slug) {
    domain::Article a;
    a.slug = std::string(slug);
    return a.page_key();
}

domain::Article to_article(const demo::ArticleSeed& s, domain::Time base) {
    domain::Article a;
    a.slug = std::string(s.slug);
    a.title = std::string(s.title);
    a.summary = std::string(s.summary);
    a.author = std::string(s.author);
    a.body_markdown = std::string(s.body_markdown);
    a.published_at = base - s.age;
    if (!s.video_caption.empty())
        a.media = domain::Media{"video", std::string(demo::kVideoUrl), std::string(demo::kVideoMimeType),
                                demo::kVideoSeconds, std::string(s.video_caption)};
    return a;
}

domain::Result<domain::NewComment> to_new_comment(const demo::CommentSeed& s, domain::Time base,
                                                  const std::map<std::string_view, domain::CommentId>& ids) {
    domain::NewComment c;
    c.page = page_of(s.article);
    if (!s.reply_to.empty()) {
        const auto parent = ids.find(s.reply_to);
        // Only a mistake in the demo data gets here: a reply listed before its parent.
        if (parent == ids.end())
            return domain::make_error(domain::ErrorCode::kInternal, "Demo data is inconsistent",
                                      "a demo reply refers to an unknown comment");
        c.parent_id = parent->second;
    }
    c.author.name = s.name.empty() ? std::string(domain::kNoName) : std::string(s.name);
    c.author.role = s.role;
    c.text = std::string(s.text);
    c.status = domain::CommentStatus::kApproved;
    c.created_at = base - s.age;
    return c;
}

// Oldest first, so ids follow time and every parent is stored before its replies.
std::vector<const demo::CommentSeed*> oldest_first(std::span<const demo::CommentSeed> seeds) {
    std::vector<const demo::CommentSeed*> out;
    for (const auto& s : seeds) out.push_back(&s);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->age > b->age; });
    return out;
}

}  // namespace

domain::Result<void> seed_demo_publication(store::Store& store, domain::Time now) {
    // Whole minutes: the demo's times read as a newsroom would write them.
    const domain::Time base = std::chrono::floor<std::chrono::minutes>(now);
    for (const auto& seed : demo::articles()) {
        auto stored = store.insert_article(to_article(seed, base));
        if (!stored) return stored.error();
    }
    std::map<std::string_view, domain::CommentId> ids;
    for (const auto* seed : oldest_first(demo::comments())) {
        auto draft = to_new_comment(*seed, base, ids);
        if (!draft) return draft.error();
        auto stored = store.insert_comment(*draft);
        if (!stored) return stored.error();
        if (!seed->key.empty()) ids.emplace(seed->key, stored->id);
        if (seed->edited_text.empty()) continue;
        auto edited = store.edit_comment(stored->id, std::string(seed->edited_text),
                                         draft->created_at + kEditDelay, "author", std::nullopt);
        if (!edited) return edited.error();
    }
    return {};
}

domain::Result<bool> seed_demo_if_empty(store::Store& store, domain::Time now) {
    auto empty = store.is_empty();
    if (!empty) return empty.error();
    if (!*empty) return false;
    if (auto seeded = seed_demo_publication(store, now); !seeded) return seeded.error();
    return true;
}

}  // namespace tribune::app
