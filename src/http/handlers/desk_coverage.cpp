// An article's live coverage at the desk (/admin/articles/{slug}/live): start and end it, post
// updates, edit, pin, unpin and delete them, as plain forms (POST-redirect-GET) over the same use
// cases as the API (service/live_coverage.hpp). The guard admits editors and admins only
// (Caller::kEditor) and checks each form's CSRF field; the use cases check again.
#include "http/handlers/handlers.hpp"

#include "domain/decimal.hpp"
#include "http/handlers/desk_support.hpp"
#include "http/problem.hpp"
#include "render/desk_coverage_page.hpp"
#include "service/articles.hpp"
#include "service/live_coverage.hpp"

namespace tribune::http::desk::coverage {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::size_t kMaxCursor = 200;  // an update cursor is far shorter; longer is not one

// What `done=` says after a form here. Only these: a link cannot make the desk say anything else.
std::optional<std::string_view> done_message(std::string_view done) {
    if (done == "live-started") return "Live coverage started: readers see the Live badge.";
    if (done == "live-ended") return "Live coverage ended.";
    if (done == "update-posted") return "Posted the update.";
    if (done == "update-saved") return "Saved the update.";
    if (done == "update-pinned") return "Pinned the update.";
    if (done == "update-unpinned") return "Unpinned the update.";
    if (done == "update-deleted") return "Deleted the update.";
    return std::nullopt;
}

// What a failed form puts back on the page, besides its message.
struct Kept {
    std::string draft;
    bool draft_pinned = false;
    std::optional<std::int64_t> editing;
    std::string edit_text;
    std::optional<std::int64_t> confirm_delete;
};

// The page of `slug` (its newest updates, or those after `cursor`) for `d`, with `kept`.
Response page(Services& s, Desk& d, std::string_view slug, std::optional<std::string_view> cursor, Kept kept,
              int status) {
    auto a = service::read_article(s, d.who, slug);
    if (!a) return desk_error(s, &d, a.error());
    auto updates = service::list_live_updates(s, d.who, a->slug, cursor, domain::coverage_limits::kMaxUpdatesPage);
    if (!updates) return desk_error(s, &d, updates.error());
    render::DeskCoverageView v;
    v.frame = std::move(d.frame);
    v.frame.section = render::DeskSection::kArticles;
    v.article = std::move(*a);
    v.updates = std::move(updates->updates);
    v.older_cursor = updates->next_cursor.value_or("");
    v.is_continuation = cursor.has_value();
    v.draft = std::move(kept.draft);
    v.draft_pinned = kept.draft_pinned;
    const auto shown = [&](std::optional<std::int64_t> id) {
        for (const auto& u : v.updates)
            if (id == u.id) return &u;
        return static_cast<const domain::LiveUpdate*>(nullptr);
    };
    if (const auto* u = shown(kept.editing)) {
        v.editing = u->id;
        v.edit_text = kept.edit_text.empty() ? u->body_markdown : std::move(kept.edit_text);
    }
    if (const auto* u = shown(kept.confirm_delete)) v.confirm_delete = u->id;
    return desk_html(status, render::desk_coverage_page(v));
}

// A failed form: problem+json for a script, else the page again with the message and what was sent.
Response refused(Services& s, const Request& req, Desk& d, const domain::Error& e, Kept kept) {
    if (wants_json(req)) return problem(e);
    d.frame.notices.push_back(render::DeskNotice{false, message_of(e)});
    return page(s, d, req.path_params[0], std::nullopt, std::move(kept), status_of(e.code));
}

Response done(const Request& req, std::string_view what, std::optional<std::int64_t> id = std::nullopt) {
    std::string to = render::desk_coverage_path(req.path_params[0]) + "?done=" + std::string(what);
    if (id) to += "#desk-update-" + std::to_string(*id);
    return see_other(std::move(to));
}

std::optional<std::int64_t> id_of(std::optional<std::string_view> text) {
    if (!text || text->size() > 19) return std::nullopt;
    return domain::parse_positive(*text);
}

domain::Error no_such_update() { return make_error(ErrorCode::kNotFound, "Not found", "there is no such live update"); }

// The start of every form here (the guard checked the caller and the CSRF field): its fields,
// the desk, and the update its path names; or the refusal to answer with.
struct Posted {
    QueryParams form;
    std::optional<Desk> desk;
    std::int64_t update_id = 0;
    std::optional<Response> refusal;
};

Posted begin(Services& s, const Request& req, const Identity& who, bool names_update) {
    Posted p;
    auto form = form_of(req);
    if (!form) {
        p.refusal = desk_error(s, nullptr, make_error(ErrorCode::kMalformed, "Malformed form", "the form data could not be read"));
        return p;
    }
    p.form = std::move(*form);
    p.desk = open_desk(s, req, who);
    if (names_update) {
        const auto id = id_of(req.path_params[1]);
        if (!id) p.refusal = refused(s, req, *p.desk, no_such_update(), {});
        else p.update_id = *id;
    }
    return p;
}

}  // namespace

Response page_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    if (auto what = req.query_param("done"))
        if (auto message = done_message(*what)) d.frame.notices.push_back(render::DeskNotice{true, std::string(*message)});
    auto cursor = req.query_param("cursor");
    if (cursor && (cursor->empty() || cursor->size() > kMaxCursor))
        return desk_error(s, &d, 400, "Bad cursor", "That link to older updates is not one this page made.");
    Kept kept;
    kept.editing = id_of(req.query_param("edit"));
    kept.confirm_delete = id_of(req.query_param("delete"));
    return page(s, d, req.path_params[0], cursor, std::move(kept), 200);
}

Response live_post(Services& s, Request& req, const Identity& who) {
    auto p = begin(s, req, who, false);
    if (p.refusal) return std::move(*p.refusal);
    Desk& d = *p.desk;
    const std::string_view live = field(p.form, "live");
    if (live != "on" && live != "off")
        return refused(s, req, d,
                       make_error(ErrorCode::kInvalid, "Start or end", "the form says neither to start nor to end the coverage",
                                  {domain::FieldError{"live", "on or off"}}),
                       {});
    auto a = service::set_live_coverage(s, who, req.path_params[0], live == "on");
    if (!a) return refused(s, req, d, a.error(), {});
    return done(req, live == "on" ? "live-started" : "live-ended");
}

Response post_update_post(Services& s, Request& req, const Identity& who) {
    auto p = begin(s, req, who, false);
    if (p.refusal) return std::move(*p.refusal);
    service::LiveUpdateDraft draft;
    draft.body_markdown = std::string(field(p.form, "body_markdown"));
    draft.pinned = field(p.form, "pinned") == "1";
    auto u = service::post_live_update(s, who, req.path_params[0], draft);
    if (!u) {
        Kept kept;
        kept.draft = std::move(*draft.body_markdown);
        kept.draft_pinned = *draft.pinned;
        return refused(s, req, *p.desk, u.error(), std::move(kept));
    }
    return done(req, "update-posted", u->id);
}

Response edit_update_post(Services& s, Request& req, const Identity& who) {
    auto p = begin(s, req, who, true);
    if (p.refusal) return std::move(*p.refusal);
    service::LiveUpdateDraft draft;
    draft.body_markdown = std::string(field(p.form, "body_markdown"));
    auto u = service::edit_live_update(s, who, req.path_params[0], p.update_id, draft);
    if (!u) {
        Kept kept;
        kept.editing = p.update_id;
        kept.edit_text = std::move(*draft.body_markdown);
        return refused(s, req, *p.desk, u.error(), std::move(kept));
    }
    return done(req, "update-saved", u->id);
}

Response pin_update_post(Services& s, Request& req, const Identity& who) {
    auto p = begin(s, req, who, true);
    if (p.refusal) return std::move(*p.refusal);
    const std::string_view pinned = field(p.form, "pinned");
    if (pinned != "1" && pinned != "0")
        return refused(s, req, *p.desk,
                       make_error(ErrorCode::kInvalid, "Pin or unpin", "the form says neither to pin nor to unpin",
                                  {domain::FieldError{"pinned", "1 or 0"}}),
                       {});
    service::LiveUpdateDraft draft;
    draft.pinned = pinned == "1";
    auto u = service::edit_live_update(s, who, req.path_params[0], p.update_id, draft);
    if (!u) return refused(s, req, *p.desk, u.error(), {});
    return done(req, u->pinned ? "update-pinned" : "update-unpinned", u->id);
}

// Without a script the first press asks (the page again, with the question and a second form);
// desk_live.js asks with confirm() and sends the yes itself.
Response delete_update_post(Services& s, Request& req, const Identity& who) {
    auto p = begin(s, req, who, true);
    if (p.refusal) return std::move(*p.refusal);
    if (field(p.form, "confirm") != "yes")
        return see_other(render::desk_coverage_path(req.path_params[0]) + "?delete=" + std::to_string(p.update_id) +
                         "#confirm-delete");
    if (auto ok = service::delete_live_update(s, who, req.path_params[0], p.update_id); !ok)
        return refused(s, req, *p.desk, ok.error(), {});
    return done(req, "update-deleted");
}

}  // namespace tribune::http::desk::coverage
