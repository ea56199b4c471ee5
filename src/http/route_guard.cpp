#include "http/route_guard.hpp"

#include "http/handlers/handlers.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "service/authorize.hpp"

namespace tribune::http {
namespace {

bool changes_state(Method m) {
    return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

Response refuse(Services& s, const Request& req, const RoutePolicy& policy, const domain::Error& e) {
    switch (policy.refusal) {
        case Refusal::kProblem: return problem(e);
        case Refusal::kPage: return pages::error_html(s, e);
        case Refusal::kDesk: return desk::refuse_error(s, req, e);
    }
    return problem(e);
}

// The permission a caller kind needs, if it is one service::authorize decides.
std::optional<service::Permission> permission_of(Caller c) {
    if (c == Caller::kStaff) return service::Permission::kModerate;
    if (c == Caller::kAdmin) return service::Permission::kAdminister;
    if (c == Caller::kEditor) return service::Permission::kPublish;
    if (c == Caller::kWriter) return service::Permission::kWrite;
    return std::nullopt;
}

}  // namespace

Admission admit(Services& s, const Request& req, const RoutePolicy& policy) {
    Admission a;
    if (policy.caller == Caller::kPublic) return a;
    if (policy.caller == Caller::kScraper) {
        a.refusal = metrics_api::refusal(s, req);
        return a;
    }
    // A form carries its CSRF token as a field; the header serves every other body.
    std::optional<QueryParams> form;
    if (policy.body == Body::kForm && policy.csrf == Csrf::kSessionToken && changes_state(req.method))
        form = parse_form(req.body);
    std::string_view form_csrf;
    if (form)
        for (const auto& [name, value] : *form)
            if (name == kCsrfField) {
                form_csrf = value;
                break;
            }
    auto who = authenticate(s, req, form_csrf);
    if (!who) {
        a.refusal = refuse(s, req, policy, who.error());
        return a;
    }
    a.who = std::move(*who);
    if (policy.caller == Caller::kSession && !a.who.session) {
        a.refusal = refuse(s, req, policy,
                           domain::make_error(domain::ErrorCode::kUnauthenticated, "Not logged in", "no session"));
        return a;
    }
    const auto permission = permission_of(policy.caller);
    if (!permission) return a;
    if (policy.refusal == Refusal::kDesk) {
        // The desk answers in its own words: a login redirect, the reader's 403 page.
        if (service::authorize(a.who, *permission)) return a;
        a.refusal = desk::refuse_caller(s, req, a.who, form ? &*form : nullptr);
        return a;
    }
    if (auto ok = service::authorize(a.who, *permission); !ok) a.refusal = refuse(s, req, policy, ok.error());
    return a;
}

}  // namespace tribune::http
