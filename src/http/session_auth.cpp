#include "http/session_auth.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include "http/author_token.hpp"
#include "http/password.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::make_error;

bool changes_state(Method m) {
    return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

domain::Error csrf_refused() {
    domain::Error e = make_error(ErrorCode::kForbidden, "CSRF token missing or invalid",
                                 "send the session's CSRF token in X-CSRF-Token (or the form's csrf_token field)");
    e.reason = domain::ErrorReason::kCsrf;
    return e;
}

domain::Viewer viewer_of(const domain::User& u) {
    domain::Viewer v;
    v.role = u.role;
    v.user_id = u.id;
    v.name = u.name;
    return v;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// When a session ends: a staff session after staff_idle unused (renewed as it is used), never
// after session_lifetime from its start.
domain::Time session_end(const HttpConfig& config, const domain::Viewer& viewer, const domain::Session& session,
                         domain::Time now) {
    const domain::Time last = session.created_at + config.session_lifetime;
    if (!viewer.is_staff() || config.staff_idle.count() <= 0) return last;
    return std::min(last, now + config.staff_idle);
}

// A staff session's end follows its use, written at most once a minute (a tenth of a short idle
// time) to the store, so every node sees it; a reader promoted to staff mid-session gets the
// shorter end at once.
constexpr std::chrono::seconds kRenewStep{60};

domain::Result<std::optional<CachedSession>> load_session(Services& s, const std::string& token_hash) {
    const auto now = std::chrono::steady_clock::now();
    // A cached entry past its end may have been renewed by another node: the store decides.
    if (auto cached = s.guards.sessions.get(token_hash, now); cached && cached->session.expires_at > s.clock.now())
        return cached;
    auto session = s.store.get_session(token_hash, s.clock.now());
    if (!session) {
        s.guards.sessions.erase(token_hash);
        if (session.error().code == ErrorCode::kNotFound) return std::optional<CachedSession>();
        return session.error();
    }
    auto user = s.store.get_user(session->user_id);
    if (!user) {
        if (user.error().code == ErrorCode::kNotFound) return std::optional<CachedSession>();
        return user.error();
    }
    if (user->disabled) return std::optional<CachedSession>();
    CachedSession entry{viewer_of(*user), std::move(*session), now};
    s.guards.sessions.put(token_hash, entry);
    return std::optional<CachedSession>(std::move(entry));
}

// A failed write changes nothing for this request. The cached end moves anyway, so a store that
// refuses writes is not asked again on every request; once the cache rereads the store (seconds
// later) the stored end applies.
void renew(Services& s, CachedSession& entry) {
    const domain::Time now = s.clock.now();
    const domain::Time end = session_end(s.config, entry.viewer, entry.session, now);
    const auto drift = end > entry.session.expires_at ? end - entry.session.expires_at : entry.session.expires_at - end;
    const auto step = std::max<std::chrono::seconds>(std::chrono::seconds(1), std::min<std::chrono::seconds>(kRenewStep, s.config.staff_idle / 10));
    if (drift < step) return;
    (void)s.store.extend_session(entry.session.token_hash, end);
    entry.session.expires_at = end;
    s.guards.sessions.put(entry.session.token_hash, entry);
}

// The session behind `token_hash`, from the cache or the store; nullopt when there is none.
domain::Result<std::optional<CachedSession>> find_session(Services& s, const std::string& token_hash) {
    auto found = load_session(s, token_hash);
    if (!found || !*found) return found;
    renew(s, **found);
    return found;
}

void adopt(Identity& id, const CachedSession& c, const std::string& token_hash) {
    id.viewer = c.viewer;
    id.session = true;
    id.credentials = true;
    id.session_token_hash = token_hash;
    id.csrf_token = c.session.csrf_token;
}

std::string cookie_tail(const HttpConfig& config) {
    std::string a = "; Path=/; HttpOnly; SameSite=Lax";
    if (config.secure_cookies) a += "; Secure";
    return a;
}

}  // namespace

domain::Result<Identity> authenticate(Services& s, const Request& req, std::string_view form_csrf) {
    Identity id = identify(req, s.config);
    if (req.header("authorization")) {  // bearer credentials: never ambient, no CSRF
        // Guessing at the admin token costs a token from this address's bucket.
        if (id.unknown_bearer) {
            if (auto wait = s.guards.bad_bearers_per_ip.take(id.client_ip, std::chrono::steady_clock::now())) {
                auto e = make_error(ErrorCode::kRateLimited, "Too many unknown tokens",
                                    "wait " + std::to_string(wait->count()) + " seconds and try again");
                e.retry_after_seconds = static_cast<int>(wait->count());
                return e;
            }
        }
        return id;
    }
    const auto cookie = req.cookie(cookie_name(kSessionCookie, s.config));
    if (!cookie || !is_author_token(*cookie)) return id;
    const std::string token_hash = hash_author_token(*cookie);
    auto found = find_session(s, token_hash);
    if (!found) return found.error();
    if (!*found) return id;
    // The session's owner may also carry an author token (comments posted before logging in):
    // keep it, so they still see their own pending comments.
    const std::string author_hash = id.viewer.author_token_hash;
    adopt(id, **found, token_hash);
    id.viewer.author_token_hash = author_hash;
    if (changes_state(req.method)) {
        std::string_view sent = form_csrf;
        if (sent.empty()) sent = req.header(kCsrfHeader).value_or("");
        if (sent.empty() || !secret_equals(sent, id.csrf_token)) return csrf_refused();
    }
    return id;
}

Identity identify_for_live(Services& s, const Request& req) {
    Identity id = identify(req, s.config);
    if (req.header("authorization")) return id;
    const auto cookie = req.cookie(cookie_name(kSessionCookie, s.config));
    if (!cookie || !is_author_token(*cookie)) return id;
    const std::string token_hash = hash_author_token(*cookie);
    auto cached = s.guards.sessions.get(token_hash, std::chrono::steady_clock::now(), true);
    if (cached && cached->session.expires_at > s.clock.now()) {
        const std::string author_hash = id.viewer.author_token_hash;
        adopt(id, *cached, token_hash);
        id.viewer.author_token_hash = author_hash;
    }
    return id;
}

// How long a wrong password waits once its account is being guessed at from many addresses.
constexpr std::chrono::milliseconds kFailedLoginDelay{1000};

domain::Result<Login> log_in(Services& s, std::string_view email_in, std::string_view password,
                             const std::string& client_ip) {
    std::vector<domain::FieldError> missing;
    if (email_in.empty()) missing.push_back({"email", "is required"});
    if (password.empty()) missing.push_back({"password", "is required"});
    if (!missing.empty())
        return make_error(ErrorCode::kInvalid, "Email and password are required", "fill in both fields",
                          std::move(missing));
    if (email_in.size() > 254 || password.size() > kMaxPasswordBytes)
        return make_error(ErrorCode::kUnauthenticated, "Wrong email or password", "check them and try again");
    const std::string email = lower_ascii(email_in);
    const auto now = std::chrono::steady_clock::now();
    // Per address, and per account from that address: someone guessing elsewhere never locks
    // the owner out.
    std::optional<std::chrono::seconds> wait = s.guards.logins_per_ip.take(client_ip, now);
    if (!wait) wait = s.guards.logins_per_email.take(email + '|' + client_ip, now);
    if (wait) {
        auto e = make_error(ErrorCode::kRateLimited, "Too many login attempts",
                            "wait " + std::to_string(wait->count()) + " seconds and try again");
        e.retry_after_seconds = static_cast<int>(wait->count());
        return e;
    }
    auto user = s.store.find_user_by_email(email);
    if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
    bool right = false;
    {
        ConcurrencyLimit::Pass pass(s.guards.password_work);
        if (!pass.entered())
            return make_error(ErrorCode::kUnavailable, "Too many logins at once", "try again in a moment");
        right = user ? verify_password(user->password_hash, password) && !user->disabled
                     : (burn_password_time(password), false);
    }
    if (!right) {
        // An account guessed at from many addresses: each further wrong answer waits (after the
        // password_work place is given back, so the guessing never crowds out the owner).
        if (s.guards.login_failures_per_email.take(email, now)) std::this_thread::sleep_for(kFailedLoginDelay);
        return make_error(ErrorCode::kUnauthenticated, "Wrong email or password", "check them and try again");
    }
    Login out;
    out.user = std::move(*user);
    out.token = new_author_token();
    out.csrf_token = new_author_token();
    domain::Session session;
    session.token_hash = hash_author_token(out.token);
    session.user_id = out.user.id;
    session.csrf_token = out.csrf_token;
    session.created_at = s.clock.now();
    session.expires_at = session_end(s.config, viewer_of(out.user), session, session.created_at);
    if (auto ok = s.store.insert_session(session); !ok) return ok.error();
    s.guards.sessions.put(session.token_hash, CachedSession{viewer_of(out.user), session, now});
    return out;
}

domain::Result<void> log_out(Services& s, const Identity& who) {
    if (!who.session) return {};
    s.guards.sessions.erase(who.session_token_hash);
    return s.store.delete_session(who.session_token_hash);
}

std::string session_cookie(const std::string& token, const HttpConfig& config) {
    return cookie_name(kSessionCookie, config) + "=" + token + "; Max-Age=" +
           std::to_string(config.session_lifetime.count()) + cookie_tail(config);
}

std::string expired_session_cookie(const HttpConfig& config) {
    return cookie_name(kSessionCookie, config) + "=; Max-Age=0" + cookie_tail(config);
}

}  // namespace tribune::http
