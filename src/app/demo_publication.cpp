#include "app/demo_publication.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "app/article_commands.hpp"
#include "app/demo_files.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "service/articles.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::app {

namespace {

// The author's edit lands a few minutes after posting, inside the edit window a reader has.
constexpr std::chrono::minutes kEditDelay{6};

std::string page_of(std::string_view slug) { return "/articles/" + std::string(slug); }

// Publishing the demo is what an editor at the command line does; "demo" in the history.
service::Actor demo_editor() {
    service::Actor a;
    a.viewer.role = domain::Role::kAdmin;
    a.viewer.name = "demo";
    a.credentials = true;
    return a;
}

class FixedClock final : public domain::Clock {
public:
    explicit FixedClock(domain::Time t) : t_(t) {}
    domain::Time now() const override { return t_; }

private:
    domain::Time t_;
};

// Nothing is cached or listening yet at the first start.
class NoListeners final : public service::EventSink {
public:
    void comment_changed(service::CommentChange, const domain::Comment&) override {}
    void thread_changed(const std::string&) override {}
    void article_changed(const domain::Article&) override {}
};

domain::Result<void> publish_demo_articles(store::Store& store, domain::Time base) {
    FixedClock clock(base);
    const service::Rules rules;
    service::Safeguards guards{service::RateRules{}};
    NoListeners listeners;
    service::Context ctx{store, clock, rules, guards, listeners};
    const auto shift = base - *domain::parse_rfc3339(demo::kFilesWrittenAt);
    for (const auto& f : demo_article_files()) {
        auto file = parse_article_file(f.text);
        if (!file) return file.error();
        auto draft = draft_of(*file);
        if (!draft) return draft.error();
        if (draft->published_at) *draft->published_at += shift;
        // The demo video's length is known: we made it.
        if (draft->media && !draft->media->empty() && draft->media->front().url == demo::kVideoUrl)
            draft->media->front().duration_seconds = demo::kVideoSeconds;
        auto stored = service::create_article(ctx, demo_editor(), *draft);
        if (!stored) return stored.error();
    }
    return {};
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
    if (auto published = publish_demo_articles(store, base); !published) return published.error();
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
