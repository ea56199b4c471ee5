// Review requests over HTTP (docs/openapi.yaml): an author submits their draft to the editors or
// withdraws it; the newsroom reads an article's request. The queue itself is
// GET /api/v1/articles?for_review=1 (articles_api.cpp). What each answer reveals: when and by
// whom a draft was submitted, to the newsroom only (the use cases authorize kWrite).
#include "http/handlers/handlers.hpp"

#include "http/problem.hpp"
#include "http/review_codec.hpp"
#include "service/article_reviews.hpp"

namespace tribune::http::review_api {
namespace {

Response review_answer(const service::ReviewState& state) {
    Response r = json_response(200, encode_review_state(state));
    r.set("Cache-Control", "private, no-store");
    return r;
}

}  // namespace

Response submit(Services& s, Request& req, const Identity& who) {
    auto submitted = decode_review_submission(req.body);
    if (!submitted) return problem(submitted.error());
    auto state = service::submit_for_review(s, who, req.path_params[0], *submitted);
    if (!state) return problem(state.error());
    return review_answer(*state);
}

Response get(Services& s, Request& req, const Identity& who) {
    auto state = service::review_request(s, who, req.path_params[0]);
    if (!state) return problem(state.error());
    return review_answer(*state);
}

}  // namespace tribune::http::review_api
