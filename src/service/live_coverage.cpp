#include "service/live_coverage.hpp"

#include <boost/json.hpp>

#include "domain/cursor.hpp"
#include "service/articles.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
namespace json = boost::json;

domain::Result<domain::Article> published(Context& ctx, std::string_view slug) {
    auto a = ctx.store.get_article(slug);
    if (!a) {
        if (a.error().code == ErrorCode::kNotFound)
            return domain::make_error(ErrorCode::kNotFound, "Article not found", "there is no such article");
        return a.error();
    }
    if (a->status != domain::ArticleStatus::kPublished)
        return domain::make_error(ErrorCode::kConflict, "Article not published",
                                  "only a published article takes corrections and live coverage");
    return a;
}

std::string target_of(const domain::Article& a) { return "article:" + std::to_string(a.id); }

// What the audit log keeps of an update: which one, and its text (it is short, and editors'
// own words: the log shows what readers were shown).
std::string update_state(const domain::LiveUpdate& u) {
    return json::serialize(json::object{{"id", u.id}, {"pinned", u.pinned}, {"body_markdown", u.body_markdown}});
}

// The cursor is an article cursor whose id carries the pin in its sign (pinned: negative).
std::string cursor_after(const domain::LiveUpdate& u) {
    return domain::encode_article_cursor({u.posted_at, u.pinned ? -u.id : u.id});
}

domain::Result<void> check_draft(const LiveUpdateDraft& d) {
    if (d.body_markdown)
        if (auto ok = domain::validate_live_update_body(*d.body_markdown); !ok) return ok.error();
    return {};
}

}  // namespace

domain::Result<domain::Article> set_live_coverage(Context& ctx, const Actor& actor, std::string_view slug, bool live) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    auto a = live ? published(ctx, slug) : ctx.store.get_article(slug);
    if (!a) return a.error();
    const bool was = a->live;
    if (was != live) {
        if (auto ok = ctx.store.set_article_live(a->id, live); !ok) return ok.error();
        a->live = live;
        ctx.events.coverage_changed(*a);
        if (auto ok = record_audit(ctx, actor, "article.live", target_of(*a), was ? "true" : "false",
                                   live ? "true" : "false");
            !ok)
            return ok.error();
    }
    return a;
}

domain::Result<domain::Correction> add_correction(Context& ctx, const Actor& actor, std::string_view slug,
                                                  std::string_view text) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    if (auto ok = domain::validate_correction_text(text); !ok) return ok.error();
    auto a = published(ctx, slug);
    if (!a) return a.error();
    domain::Correction c{0, ctx.clock.now(), std::string(text), actor.actor_name()};
    auto stored = ctx.store.add_correction(a->id, c);
    if (!stored) return stored.error();
    a->corrections.push_back(*stored);
    if (a->updated_at < stored->at) a->updated_at = stored->at;
    ctx.events.article_changed(*a);
    if (auto ok = record_audit(ctx, actor, "article.correct", target_of(*a), "null",
                               json::serialize(json::object{{"id", stored->id}, {"text", stored->text}}));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<LiveUpdatePage> list_live_updates(Context& ctx, const Actor& actor, std::string_view slug,
                                                 std::optional<std::string_view> cursor, int limit) {
    auto a = read_article(ctx, actor, slug);
    if (!a) return a.error();
    store::LiveUpdateQuery q;
    q.article_id = a->id;
    q.limit = std::clamp(limit, 1, domain::coverage_limits::kMaxUpdatesPage);
    if (cursor) {
        auto c = domain::decode_article_cursor(*cursor);
        if (!c) return c.error();
        q.after = store::LiveUpdateQuery::After{c->id < 0, c->time, c->id < 0 ? -c->id : c->id};
    }
    auto list = ctx.store.live_updates(q);
    if (!list) return list.error();
    LiveUpdatePage page;
    if (static_cast<int>(list->size()) == q.limit) page.next_cursor = cursor_after(list->back());
    page.updates = std::move(*list);
    return page;
}

domain::Result<domain::LiveUpdate> post_live_update(Context& ctx, const Actor& actor, std::string_view slug,
                                                    const LiveUpdateDraft& draft) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    if (!draft.body_markdown) return domain::validate_live_update_body("").error();
    if (auto ok = check_draft(draft); !ok) return ok.error();
    auto a = published(ctx, slug);
    if (!a) return a.error();
    if (!a->live)
        return domain::make_error(ErrorCode::kConflict, "Live coverage is off",
                                  "start the article's live coverage before posting updates");
    domain::LiveUpdate u;
    u.article_id = a->id;
    u.posted_at = ctx.clock.now();
    u.posted_by = actor.actor_name();
    u.body_markdown = *draft.body_markdown;
    u.pinned = draft.pinned.value_or(false);
    auto stored = ctx.store.add_live_update(u);
    if (!stored) return stored.error();
    ctx.events.live_update_changed(LiveUpdateChange::kPosted, *a, *stored);
    if (auto ok = record_audit(ctx, actor, "live_update.post", target_of(*a), "null", update_state(*stored)); !ok)
        return ok.error();
    return stored;
}

domain::Result<domain::LiveUpdate> edit_live_update(Context& ctx, const Actor& actor, std::string_view slug,
                                                    std::int64_t id, const LiveUpdateDraft& draft) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    if (auto ok = check_draft(draft); !ok) return ok.error();
    auto a = ctx.store.get_article(slug);
    if (!a) return a.error();
    auto current = ctx.store.get_live_update(a->id, id);
    if (!current) return current.error();
    domain::LiveUpdate changed = *current;
    if (draft.body_markdown) changed.body_markdown = *draft.body_markdown;
    if (draft.pinned) changed.pinned = *draft.pinned;
    if (changed.body_markdown != current->body_markdown) changed.edited_at = ctx.clock.now();
    auto stored = ctx.store.edit_live_update(changed);
    if (!stored) return stored.error();
    ctx.events.live_update_changed(LiveUpdateChange::kEdited, *a, *stored);
    if (auto ok = record_audit(ctx, actor, "live_update.edit", target_of(*a), update_state(*current),
                               update_state(*stored));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<void> delete_live_update(Context& ctx, const Actor& actor, std::string_view slug, std::int64_t id) {
    if (auto ok = authorize(actor, Permission::kPublish); !ok) return ok.error();
    auto a = ctx.store.get_article(slug);
    if (!a) return a.error();
    auto current = ctx.store.get_live_update(a->id, id);
    if (!current) return current.error();
    if (auto ok = ctx.store.delete_live_update(a->id, id); !ok) return ok.error();
    ctx.events.live_update_changed(LiveUpdateChange::kDeleted, *a, *current);
    return record_audit(ctx, actor, "live_update.delete", target_of(*a), update_state(*current), "null");
}

}  // namespace tribune::service
