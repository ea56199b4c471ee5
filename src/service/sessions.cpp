#include "service/sessions.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include "service/author_token.hpp"
#include "service/password.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::make_error;

domain::Viewer viewer_of(const domain::User& u) {
    domain::Viewer v;
    v.role = u.role;
    v.user_id = u.id;
    v.name = u.name;
    v.badge = u.badge;
    v.verified = u.email_verified && !domain::is_placeholder_email(u.email);
    return v;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// When a session ends: a staff or newsroom session (they change what others read) after
// staff_idle unused (renewed as it is used), never after session_lifetime from its start.
domain::Time session_end(const Rules& rules, const domain::Viewer& viewer, const domain::Session& session,
                         domain::Time now) {
    const domain::Time last = session.created_at + rules.session_lifetime;
    if (!(viewer.is_staff() || domain::writes_articles(viewer.role)) || rules.staff_idle.count() <= 0) return last;
    return std::min(last, now + rules.staff_idle);
}

// A staff session's end follows its use, written at most once a minute (a tenth of a short idle
// time) to the store, so every node sees it; a reader promoted to staff mid-session gets the
// shorter end at once.
constexpr std::chrono::seconds kRenewStep{60};

domain::Result<std::optional<CachedSession>> load_session(Context& ctx, const std::string& token_hash) {
    const auto now = std::chrono::steady_clock::now();
    // A cached entry past its end may have been renewed by another node: the store decides.
    if (auto cached = ctx.guards.sessions.get(token_hash, now); cached && cached->session.expires_at > ctx.clock.now())
        return cached;
    auto session = ctx.store.get_session(token_hash, ctx.clock.now());
    if (!session) {
        ctx.guards.sessions.erase(token_hash);
        if (session.error().code == ErrorCode::kNotFound) return std::optional<CachedSession>();
        return session.error();
    }
    auto user = ctx.store.get_user(session->user_id);
    if (!user) {
        if (user.error().code == ErrorCode::kNotFound) return std::optional<CachedSession>();
        return user.error();
    }
    if (user->disabled) return std::optional<CachedSession>();
    CachedSession entry{viewer_of(*user), std::move(*session), now};
    ctx.guards.sessions.put(token_hash, entry);
    return std::optional<CachedSession>(std::move(entry));
}

// A failed write changes nothing for this request. The cached end moves anyway, so a store that
// refuses writes is not asked again on every request; once the cache rereads the store (seconds
// later) the stored end applies.
void renew(Context& ctx, CachedSession& entry) {
    const domain::Time now = ctx.clock.now();
    const domain::Time end = session_end(ctx.rules, entry.viewer, entry.session, now);
    const auto drift = end > entry.session.expires_at ? end - entry.session.expires_at : entry.session.expires_at - end;
    const auto step = std::max<std::chrono::seconds>(std::chrono::seconds(1), std::min<std::chrono::seconds>(kRenewStep, ctx.rules.staff_idle / 10));
    if (drift < step) return;
    (void)ctx.store.extend_session(entry.session.token_hash, end);
    entry.session.expires_at = end;
    ctx.guards.sessions.put(entry.session.token_hash, entry);
}

}  // namespace

// The session behind `token_hash`, from the cache or the store; nullopt when there is none.
domain::Result<std::optional<CachedSession>> find_session(Context& ctx, const std::string& token_hash) {
    auto found = load_session(ctx, token_hash);
    if (!found || !*found) return found;
    renew(ctx, **found);
    return found;
}

// How long a wrong password waits once its account is being guessed at from many addresses.
constexpr std::chrono::milliseconds kFailedLoginDelay{1000};

domain::Result<Login> log_in(Context& ctx, std::string_view email_in, std::string_view password,
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
    std::optional<std::chrono::seconds> wait = ctx.guards.logins_per_ip.take(client_ip, now);
    if (!wait) wait = ctx.guards.logins_per_email.take(email + '|' + client_ip, now);
    if (wait) {
        auto e = make_error(ErrorCode::kRateLimited, "Too many login attempts",
                            "wait " + std::to_string(wait->count()) + " seconds and try again");
        e.retry_after_seconds = static_cast<int>(wait->count());
        return e;
    }
    auto user = ctx.store.find_user_by_email(email);
    if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
    bool right = false;
    {
        ConcurrencyLimit::Pass pass(ctx.guards.password_work);
        if (!pass.entered())
            return make_error(ErrorCode::kUnavailable, "Too many logins at once", "try again in a moment");
        // An unknown address and an account without a password (a reader who signs in by link,
        // SSO or OpenID) take the time a real check takes: the answer's timing tells neither apart.
        right = user && !user->password_hash.empty() ? verify_password(user->password_hash, password) && !user->disabled
                                                     : (burn_password_time(password), false);
    }
    if (!right) {
        // An account guessed at from many addresses: each further wrong answer waits (after the
        // password_work place is given back, so the guessing never crowds out the owner).
        if (ctx.guards.login_failures_per_email.take(email, now)) std::this_thread::sleep_for(kFailedLoginDelay);
        return make_error(ErrorCode::kUnauthenticated, "Wrong email or password", "check them and try again");
    }
    return open_session(ctx, *user);
}

domain::Result<Login> open_session(Context& ctx, const domain::User& user) {
    if (user.disabled)
        return make_error(ErrorCode::kUnauthenticated, "This account is disabled", "ask the newsroom");
    Login out;
    out.user = user;
    out.token = new_author_token();
    out.csrf_token = new_author_token();
    domain::Session session;
    session.token_hash = hash_author_token(out.token);
    session.user_id = out.user.id;
    session.csrf_token = out.csrf_token;
    session.created_at = ctx.clock.now();
    session.expires_at = session_end(ctx.rules, viewer_of(out.user), session, session.created_at);
    if (auto ok = ctx.store.insert_session(session); !ok) return ok.error();
    ctx.guards.sessions.put(session.token_hash,
                            CachedSession{viewer_of(out.user), session, std::chrono::steady_clock::now()});
    return out;
}

domain::Result<void> log_out(Context& ctx, const Actor& who) {
    if (!who.session) return {};
    ctx.guards.sessions.erase(who.session_token_hash);
    return ctx.store.delete_session(who.session_token_hash);
}

std::optional<CachedSession> recent_session(Context& ctx, const std::string& token_hash) {
    auto cached = ctx.guards.sessions.get(token_hash, std::chrono::steady_clock::now(), true);
    if (cached && cached->session.expires_at > ctx.clock.now()) return cached;
    return std::nullopt;
}

}  // namespace tribune::service
