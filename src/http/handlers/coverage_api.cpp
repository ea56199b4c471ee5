// Live coverage and corrections over HTTP (docs/openapi.yaml): start and end coverage, post,
// edit, pin and delete updates, append corrections (editors); the updates as JSON and as an
// Atom feed (anyone who may read the article).
#include "http/handlers/handlers.hpp"

#include "domain/decimal.hpp"
#include "http/coverage_codec.hpp"
#include "http/problem.hpp"
#include "render/coverage.hpp"
#include "render/feeds.hpp"
#include "service/articles.hpp"
#include "service/live_coverage.hpp"

namespace tribune::http::coverage_api {
namespace {

using domain::ErrorCode;

constexpr std::int64_t kDefaultLimit = 20;

domain::Result<std::int64_t> update_id(const Request& req) {
    auto id = req.path_params.size() > 1 ? domain::parse_positive(req.path_params[1]) : std::nullopt;
    if (!id) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such live update");
    return *id;
}

Response update_answer(int status, const domain::LiveUpdate& u) {
    Response r = json_response(status, encode_live_update(u));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

Response set_live(Services& s, Request& req, const Identity& who) {
    auto live = decode_live_flag(req.body);
    if (!live) return problem(live.error());
    auto a = service::set_live_coverage(s, who, req.path_params[0], *live);
    if (!a) return problem(a.error());
    return articles_api::get(s, req, who);
}

Response add_correction(Services& s, Request& req, const Identity& who) {
    auto text = decode_correction(req.body);
    if (!text) return problem(text.error());
    auto c = service::add_correction(s, who, req.path_params[0], *text);
    if (!c) return problem(c.error());
    return json_response(201, encode_correction(*c));
}

Response list_updates(Services& s, Request& req, const Identity& who) {
    int limit = static_cast<int>(kDefaultLimit);
    if (auto l = req.query_param("limit")) {
        auto n = domain::parse_integer(*l);
        if (!n || *n < 1 || *n > domain::coverage_limits::kMaxUpdatesPage)
            return problem(domain::make_error(ErrorCode::kInvalid, "Invalid parameter limit",
                                              "limit is a whole number from 1 to 100",
                                              {domain::FieldError{"limit", "a whole number from 1 to 100"}}));
        limit = static_cast<int>(*n);
    }
    auto page = service::list_live_updates(s, who, req.path_params[0], req.query_param("cursor"), limit);
    if (!page) return problem(page.error());
    Response r = json_response(200, encode_live_update_page(*page));
    r.set("Cache-Control", "no-cache");
    return r;
}

Response post_update(Services& s, Request& req, const Identity& who) {
    auto draft = decode_live_update_draft(req.body);
    if (!draft) return problem(draft.error());
    auto u = service::post_live_update(s, who, req.path_params[0], *draft);
    if (!u) return problem(u.error());
    Response r = update_answer(201, *u);
    r.set("Location", "/api/v1/articles/" + req.path_params[0] + "/updates/" + std::to_string(u->id));
    return r;
}

Response edit_update(Services& s, Request& req, const Identity& who) {
    auto id = update_id(req);
    if (!id) return problem(id.error());
    auto draft = decode_live_update_draft(req.body);
    if (!draft) return problem(draft.error());
    auto u = service::edit_live_update(s, who, req.path_params[0], *id, *draft);
    if (!u) return problem(u.error());
    return update_answer(200, *u);
}

Response delete_update(Services& s, Request& req, const Identity& who) {
    auto id = update_id(req);
    if (!id) return problem(id.error());
    if (auto ok = service::delete_live_update(s, who, req.path_params[0], *id); !ok) return problem(ok.error());
    return no_content();
}

Response updates_atom(Services& s, Request& req, const Identity& who) {
    const std::string& slug = req.path_params[0];
    if (!domain::is_valid_slug(slug))
        return pages::error_html(s, domain::make_error(ErrorCode::kNotFound, "Not found", "no such feed"));
    auto page = service::list_live_updates(s, who, slug, std::nullopt, render::kPageLiveUpdates);
    if (!page) return pages::error_html(s, page.error());
    auto a = service::read_article(s, who, slug);
    if (!a) return pages::error_html(s, a.error());
    Response r;
    r.set("Content-Type", std::string(render::kAtomType));
    r.set("Cache-Control", "max-age=30");
    r.body = render::live_updates_atom_feed(s.config.site, *a, s.clock.now(), page->updates);
    return r;
}

}  // namespace tribune::http::coverage_api
