// Walks the route table: every route has a whole policy, every change a CSRF rule and a caller
// (or a stated reason it is public), the origin and body rules agree with the request-wide
// guard (refuse_cross_site), fast paths skip no check they would need, and no route hides another.
#include "http/route_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "http/origin.hpp"

using namespace tribune::http;

namespace {

bool changes_state(Method m) { return m != Method::kGet; }

// A path the pattern matches: each parameter becomes "1".
std::string sample_path(std::string_view pattern) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') {
            out += pattern[i];
            continue;
        }
        out += '1';
        i = pattern.find('}', i);
    }
    return out;
}

std::string describe(const RouteSpec& r) { return std::string(method_name(r.method)) + " " + std::string(r.pattern); }

const RouteSpec* find(std::string_view pattern, Method m) {
    for (const auto& r : route_table())
        if (r.pattern == pattern && r.method == m) return &r;
    return nullptr;
}

}  // namespace

TEST(RouteTable, EveryRouteHasAHandlerAndAWholePolicy) {
    ASSERT_GE(route_table().size(), 60u);
    for (const auto& r : route_table()) {
        SCOPED_TRACE(describe(r));
        EXPECT_TRUE(r.handler);
        EXPECT_TRUE(r.pattern.starts_with("/"));
        if (changes_state(r.method)) {
            EXPECT_NE(r.policy.csrf, Csrf::kNone) << "a change needs a CSRF rule";
            const bool open = r.policy.caller == Caller::kPublic || r.policy.caller == Caller::kAnyone;
            EXPECT_EQ(open, !r.policy.public_because.empty()) << "open changes say why; guarded ones need not";
        } else {
            EXPECT_EQ(r.policy.csrf, Csrf::kNone);
            EXPECT_EQ(r.policy.body, Body::kNone);
            EXPECT_TRUE(r.policy.public_because.empty());
        }
        // No session is looked up for these, so none could be abused: only public routes.
        if (r.policy.csrf == Csrf::kNoSession) {
            EXPECT_EQ(r.policy.caller, Caller::kPublic);
        }
        // Only the media upload takes large bodies, and only it takes a raw body.
        const bool upload = r.method == Method::kPost && r.pattern == kMediaUploadPath;
        // The mail links read a field or two: a small limit of their own (POST only, see route_policy.hpp).
        const bool mail_post = r.method == Method::kPost && is_mail_link_path(sample_path(r.pattern));
        if (upload || mail_post) {
            EXPECT_EQ(r.policy.body_limit, upload ? kLargeBodyLimit : kSmallBodyLimit);
        } else if (r.policy.body_limit != 0) {
            // Sign-in bodies (a field or a token) and a reader's own forms: small, POST only.
            EXPECT_EQ(r.method, Method::kPost);
            EXPECT_LE(r.policy.body_limit, kSignInBodyLimit);
        }
        EXPECT_EQ(r.policy.body == Body::kMedia, upload);
        // Only the import's chunks take raw bytes of a file, within the ordinary body limit.
        EXPECT_EQ(r.policy.body == Body::kChunk, is_import_chunk_path(sample_path(r.pattern)));
    }
}

TEST(RouteTable, OriginAndBodyRulesAgreeWithTheCrossSiteGuard) {
    HttpConfig config;
    config.site.base_url = "https://news.example";
    config.allowed_origins = {"https://blog.example"};
    for (const auto& r : route_table()) {
        SCOPED_TRACE(describe(r));
        const bool api = r.pattern.starts_with("/api/");
        EXPECT_EQ(r.policy.origin == Origin::kWidget, api);
        if (!changes_state(r.method)) continue;
        Request req;
        req.method = r.method;
        req.path = sample_path(r.pattern);
        req.headers = {{"origin", "https://blog.example"}, {"content-type", "application/json"}};
        req.body = "{}";
        const auto widget = refuse_cross_site(config, req);
        EXPECT_EQ(widget.has_value(), r.policy.origin == Origin::kSameSite) << "the widget's origin";
        // Only the mail links take a post from any site at all (their token is the proof).
        EXPECT_EQ(r.policy.origin == Origin::kAnySite, is_mail_link_path(req.path));
        req.headers = {{"origin", "https://evil.example"}, {"content-type", "application/x-www-form-urlencoded"}};
        req.body = "List-Unsubscribe=One-Click";
        EXPECT_EQ(refuse_cross_site(config, req).has_value(), r.policy.origin != Origin::kAnySite) << "another site";
        req.headers = {{"origin", "https://news.example"}, {"content-type", "application/x-www-form-urlencoded"}};
        req.body = "a=b";
        const auto form = refuse_cross_site(config, req);
        // Under /api/ only JSON is read (415 for a form), so the table may not promise a form
        // there; the media upload alone reads a raw body of any type.
        const bool raw = r.policy.body == Body::kMedia || r.policy.body == Body::kChunk;
        EXPECT_EQ(form.has_value(), api && !raw);
        if (api && raw) {
            EXPECT_FALSE(form.has_value() && form->status == 415) << "a raw media or chunk body is never a 415";
        } else if (api) {
            EXPECT_TRUE(r.policy.body == Body::kJson || r.policy.body == Body::kNone);
        } else {
            EXPECT_EQ(r.policy.body, Body::kForm);
        }
    }
}

TEST(RouteTable, FastPathsAnswerOnlyWhatNeedsNoCheck) {
    for (const auto& r : route_table()) {
        if (!r.fast) continue;
        SCOPED_TRACE(describe(r));
        // A fast path runs before the guard: public, or a read that declines any credentials.
        const bool public_route = r.policy.caller == Caller::kPublic;
        const bool anonymous_read = r.policy.caller == Caller::kAnyone && r.method == Method::kGet;
        EXPECT_TRUE(public_route || anonymous_read);
    }
}

TEST(RouteTable, NoRouteHidesAnother) {
    Router router;
    for (const auto& r : route_table()) router.add(r.method, r.pattern, [](Request&) { return Response{}; });
    std::set<std::pair<int, std::string>> seen;
    for (const auto& r : route_table()) {
        SCOPED_TRACE(describe(r));
        EXPECT_TRUE(seen.emplace(static_cast<int>(r.method), std::string(r.pattern)).second) << "listed twice";
        Request req;
        req.method = r.method;
        req.path = sample_path(r.pattern);
        const auto m = router.match(req);
        ASSERT_TRUE(m.route);
        EXPECT_EQ(m.route->pattern, r.pattern) << "answered by another route";
    }
}

TEST(RouteTable, DeclaresTheCallersAndLimitsTheUseCasesApply) {
    struct Want {
        std::string_view pattern;
        Method method;
        Caller caller;
        RateLimit limit;
    };
    for (const Want& w : {
             Want{"/api/v1/comments", Method::kPost, Caller::kAnyone, RateLimit::kPosts},
             Want{"/articles/{slug}/comments", Method::kPost, Caller::kAnyone, RateLimit::kPosts},
             Want{"/api/v1/comments/{id}/reports", Method::kPost, Caller::kAnyone, RateLimit::kReports},
             Want{"/articles/{slug}/comments/{id}/report", Method::kPost, Caller::kAnyone, RateLimit::kReports},
             Want{"/api/v1/session", Method::kPost, Caller::kPublic, RateLimit::kLogins},
             Want{"/admin/login", Method::kPost, Caller::kPublic, RateLimit::kLogins},
             Want{"/api/v1/live/auth", Method::kPost, Caller::kPublic, RateLimit::kLiveAuth},
             Want{"/metrics", Method::kGet, Caller::kScraper, RateLimit::kBadBearers},
             Want{"/notifications/confirm", Method::kGet, Caller::kPublic, RateLimit::kMailLinks},
             Want{"/notifications/confirm", Method::kPost, Caller::kPublic, RateLimit::kMailLinks},
             Want{"/notifications/unsubscribe", Method::kGet, Caller::kPublic, RateLimit::kMailLinks},
             Want{"/notifications/unsubscribe", Method::kPost, Caller::kPublic, RateLimit::kMailLinks},
             Want{"/api/v1/login-links", Method::kPost, Caller::kPublic, RateLimit::kSignIns},
             Want{"/api/v1/sign-in/handoff", Method::kPost, Caller::kPublic, RateLimit::kSignIns},
             Want{"/api/v1/sso", Method::kPost, Caller::kPublic, RateLimit::kSignIns},
             Want{"/account/sign-in-link", Method::kPost, Caller::kPublic, RateLimit::kSignIns},
             Want{"/account/sign-in", Method::kPost, Caller::kPublic, RateLimit::kSignIns},
             Want{"/auth/oidc/{name}", Method::kGet, Caller::kPublic, RateLimit::kSignIns},
             Want{"/auth/oidc/{name}/callback", Method::kGet, Caller::kPublic, RateLimit::kSignIns},
             Want{"/api/v1/me", Method::kGet, Caller::kSession, RateLimit::kNone},
             Want{"/api/v1/me", Method::kPatch, Caller::kSession, RateLimit::kNone},
             Want{"/api/v1/me", Method::kDelete, Caller::kSession, RateLimit::kNone},
             Want{"/api/v1/me/claims", Method::kPost, Caller::kSession, RateLimit::kNone},
             Want{"/account/delete", Method::kPost, Caller::kSession, RateLimit::kNone},
             Want{"/api/v1/moderation/queue", Method::kGet, Caller::kStaff, RateLimit::kNone},
             Want{"/api/v1/comments/{id}/history", Method::kGet, Caller::kStaff, RateLimit::kNone},
             Want{"/api/v1/audit", Method::kGet, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/users", Method::kPost, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/session", Method::kGet, Caller::kSession, RateLimit::kNone},
             Want{"/admin", Method::kGet, Caller::kStaff, RateLimit::kNone},
             Want{"/api/v1/articles", Method::kPost, Caller::kWriter, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}", Method::kPatch, Caller::kWriter, RateLimit::kNone},
             Want{"/api/v1/authors/{slug}", Method::kPatch, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/review", Method::kPost, Caller::kWriter, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/review", Method::kGet, Caller::kWriter, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/live", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/corrections", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/updates", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/updates/{id}", Method::kPatch, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/updates/{id}", Method::kDelete, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/revisions", Method::kGet, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/revisions/{number}", Method::kGet, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/articles/{slug}/revisions/{number}/restore", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/preview", Method::kPost, Caller::kWriter, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live", Method::kGet, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live/updates", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live/updates/{id}", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live/updates/{id}/pin", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/admin/articles/{slug}/live/updates/{id}/delete", Method::kPost, Caller::kEditor, RateLimit::kNone},
             Want{"/api/v1/imports", Method::kPost, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/imports/{id}/chunks/{n}", Method::kPut, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/imports/{id}/start", Method::kPost, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/imports/{id}", Method::kGet, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/imports/{id}", Method::kDelete, Caller::kAdmin, RateLimit::kNone},
             Want{"/api/v1/imports/{id}/report", Method::kGet, Caller::kAdmin, RateLimit::kNone},
             Want{"/admin/import", Method::kGet, Caller::kAdmin, RateLimit::kNone},
         }) {
        SCOPED_TRACE(std::string(method_name(w.method)) + " " + std::string(w.pattern));
        const RouteSpec* r = find(w.pattern, w.method);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->policy.caller, w.caller);
        EXPECT_EQ(r->policy.rate_limit, w.limit);
    }
    // Every desk page answers in the desk's words; the reader's pages in theirs.
    for (const auto& r : route_table()) {
        SCOPED_TRACE(describe(r));
        if (r.pattern.starts_with("/admin")) {
            EXPECT_EQ(r.policy.refusal, Refusal::kDesk);
        }
        if (r.pattern.starts_with("/api/") || r.pattern == "/metrics") {
            EXPECT_EQ(r.policy.refusal, Refusal::kProblem);
        }
        // The desk is staff's, but for the newsroom's articles, which are its writers', and their
        // history and live coverage, which are its editors'.
        if (r.pattern.starts_with("/admin/articles/{slug}/live") || r.pattern.starts_with("/admin/articles/{slug}/history")) {
            EXPECT_EQ(r.policy.caller, Caller::kEditor);
        } else if (r.pattern.starts_with("/admin/articles") || r.pattern == "/admin/preview") {
            EXPECT_EQ(r.policy.caller, Caller::kWriter);
        } else if (r.pattern == "/admin/import") {
            EXPECT_EQ(r.policy.caller, Caller::kAdmin);  // the import is admins' alone
        } else if (r.pattern.starts_with("/admin") && r.pattern != "/admin/login" && r.pattern != "/admin/logout") {
            EXPECT_EQ(r.policy.caller, Caller::kStaff);
        }
    }
}

// Staff's data and staff's actions stay behind the staff check, whatever is edited in the table:
// the desk's JSON API and pages (but its login), and what only admins may read or change.
TEST(RouteTable, TheDeskAndItsApiAreStaffOnly) {
    // (The desk's article pages are the newsroom's: Caller::kWriter, checked above.)
    const auto staff_or_admin = [](Caller c) { return c == Caller::kStaff || c == Caller::kAdmin; };
    for (const auto& r : route_table()) {
        SCOPED_TRACE(describe(r));
        const std::string_view p = r.pattern;
        const bool desk = p.starts_with("/admin") && p != "/admin/login" && p != "/admin/logout" &&
                          !p.starts_with("/admin/articles") && p != "/admin/preview";
        const bool staff_api = p.starts_with("/api/v1/moderation") || p.starts_with("/api/v1/bans") ||
                               p.starts_with("/api/v1/users") || p.starts_with("/api/v1/audit") ||
                               p.starts_with("/api/v1/privacy") || p.starts_with("/api/v1/imports") || p == "/api/v1/policy" ||
                               (p.ends_with("/history") && p.starts_with("/api/")) || p.ends_with("/ban") ||
                               (p == "/api/v1/policy/thread" && r.method != Method::kGet);
        if (desk || staff_api) {
            EXPECT_TRUE(staff_or_admin(r.policy.caller));
        }
        const bool admin_only = p.starts_with("/api/v1/users") || p.starts_with("/api/v1/audit") ||
                                p.starts_with("/api/v1/imports") || p == "/admin/import" ||
                                p.starts_with("/api/v1/privacy") || (p == "/api/v1/policy" && r.method != Method::kGet);
        if (admin_only) {
            EXPECT_EQ(r.policy.caller, Caller::kAdmin);
        }
    }
}
