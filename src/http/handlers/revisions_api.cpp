// An article's saved versions over the API (docs/openapi.yaml): editors list them, read one,
// and restore one as the newest version (service/article_revisions.hpp).
#include "http/handlers/handlers.hpp"

#include "domain/decimal.hpp"
#include "http/article_codec.hpp"
#include "http/problem.hpp"
#include "service/article_revisions.hpp"

namespace tribune::http::revisions_api {
namespace {

// The {number} of the path: a version number, or nothing found.
domain::Result<std::int32_t> number_of(const Request& req) {
    auto n = domain::parse_integer(req.path_params[1]);
    if (!n || *n < 1 || *n > 1'000'000'000)
        return domain::make_error(domain::ErrorCode::kNotFound, "Version not found", "there is no such version");
    return static_cast<std::int32_t>(*n);
}

Response private_json(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

Response list(Services& s, Request& req, const Identity& who) {
    auto versions = service::article_versions(s, who, req.path_params[0]);
    if (!versions) return problem(versions.error());
    return private_json(200, encode_article_versions(*versions));
}

Response one(Services& s, Request& req, const Identity& who) {
    auto number = number_of(req);
    if (!number) return problem(number.error());
    auto v = service::article_version(s, who, req.path_params[0], *number);
    if (!v) return problem(v.error());
    return private_json(200, encode_article_version(*v));
}

Response restore(Services& s, Request& req, const Identity& who) {
    auto number = number_of(req);
    if (!number) return problem(number.error());
    auto base = decode_restore(req.body);
    if (!base) return problem(base.error());
    auto a = service::restore_article_version(s, who, req.path_params[0], *number, *base);
    if (!a) return problem(a.error());
    return articles_api::article_answer(s, *a, 200);
}

}  // namespace tribune::http::revisions_api
