#include "service/sign_in.hpp"

#include <algorithm>
#include <charconv>

#include "domain/comment.hpp"
#include "domain/comment_text.hpp"
#include "domain/email_address.hpp"
#include "service/author_token.hpp"
#include "service/keyed_hash.hpp"
#include "store/outbox_types.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::make_error;
using store::SignInKind;
using store::SignInRequest;

constexpr std::string_view kDefaultReaderName = "Reader";
constexpr std::size_t kMaxSecretBytes = 128;  // link tokens, codes and states as we make them are shorter

domain::Error rate_limited(std::string title, std::chrono::seconds wait) {
    auto e = make_error(ErrorCode::kRateLimited, std::move(title),
                        "wait " + std::to_string(wait.count()) + " seconds and try again");
    e.retry_after_seconds = static_cast<int>(wait.count());
    return e;
}

domain::Result<void> take_sign_in_token(Context& ctx, const std::string& client_ip) {
    if (auto wait = ctx.guards.sign_ins_per_ip.take(client_ip, std::chrono::steady_clock::now()))
        return rate_limited("Too many sign-ins", *wait);
    return {};
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// scheme://host[:port] of an absolute http(s) URL, lower-cased; "" when it is not one.
std::string origin_of(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const std::string scheme = lower_ascii(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return {};
    const std::size_t host_start = scheme_end + 3;
    const std::size_t host_end = url.find_first_of("/?#", host_start);
    const std::string_view authority = url.substr(host_start, host_end == std::string_view::npos ? url.npos : host_end - host_start);
    if (authority.empty() || authority.find('@') != std::string_view::npos) return {};
    return scheme + "://" + lower_ascii(authority);
}

// Staff and newsroom accounts sign in with their password (and whatever protects it), never by
// a link or another system's word alone.
bool signs_in_with_password(const domain::User& u) {
    return domain::is_staff(u.role) || domain::writes_articles(u.role);
}

domain::Error link_refused() {
    return make_error(ErrorCode::kUnauthenticated, "This sign-in link has expired or was already used",
                      "ask for a new link; each one works once, for 15 minutes");
}

// An address another system gave, canonical; nullopt for none, a malformed one, or one shaped
// like the placeholders Tribune gives accounts without an address.
std::optional<std::string> outside_email(std::string_view raw) {
    if (raw.empty()) return std::nullopt;
    auto email = domain::canonical_email(raw);
    if (!email || email->find('@') == std::string::npos || domain::is_placeholder_email(*email)) return std::nullopt;
    return email;
}

// Another system's failure, as a reader may see it: the details (internal addresses, curl's
// words) stay out of the page.
domain::Error provider_unreachable(const domain::Error& e) {
    if (e.code != ErrorCode::kUnavailable && e.code != ErrorCode::kInvalid) return e;
    auto out = make_error(ErrorCode::kUnavailable, "The sign-in provider cannot be reached",
                          "try again in a few minutes, or sign in another way");
    out.retry_after_seconds = 30;
    return out;
}

std::string reader_name(std::string_view wanted, const domain::Limits& limits) {
    if (!wanted.empty())
        if (auto name = domain::validate_author_name(wanted, limits); name && *name != domain::kNoName) return *name;
    return std::string(kDefaultReaderName);
}

}  // namespace

std::string checked_return_to(const IdentityConfig& config, std::string_view return_to) {
    if (return_to.empty() || return_to.size() > store::kMaxReturnToBytes) return {};
    for (unsigned char c : return_to)
        if (c < 0x20 || c == 0x7f || c == '\\') return {};
    if (return_to.front() == '/') return return_to.size() > 1 && return_to[1] == '/' ? std::string() : std::string(return_to);
    const std::string origin = origin_of(return_to);
    if (origin.empty()) return {};
    const bool allowed = std::any_of(config.return_origins.begin(), config.return_origins.end(),
                                     [&](const std::string& o) { return lower_ascii(o) == origin; });
    if (!allowed && origin_of(config.site_url) != origin) return {};
    return std::string(return_to.substr(0, return_to.find('#')));
}

bool is_host_page(std::string_view return_to) { return !return_to.empty() && return_to.front() != '/'; }

namespace {

// A host page gets a sign-in's result only when the sign-in is bound to the browser that asked
// (a hand-off challenge); without one, the reader ends on Tribune's own pages instead.
std::string returnable(const IdentityConfig& config, std::string_view return_to, std::string_view challenge) {
    std::string checked = checked_return_to(config, return_to);
    if (is_host_page(checked) && !is_handoff_challenge(challenge)) return {};
    return checked;
}

}  // namespace

bool is_handoff_challenge(std::string_view challenge) {
    return challenge.size() == 43 && challenge.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                                 "0123456789-_") == std::string_view::npos;
}

std::string sign_in_link_token(std::string_view mail_key, std::string_view salt) {
    return keyed_hash_hex("tribune sign-in link\n" + std::string(salt), mail_key, 32);
}

domain::Result<void> request_sign_in_link(Context& ctx, std::string_view email_in, std::string_view return_to,
                                          std::string_view handoff_challenge, const std::string& client_ip) {
    if (!ctx.rules.identity.email_links)
        return make_error(ErrorCode::kNotFound, "Sign-in by email is not available", "this site sends no mail");
    auto email = domain::canonical_email(email_in);
    if (!email || email->find('@') == std::string::npos)
        return make_error(ErrorCode::kInvalid, "Invalid email", "give the address to send the link to",
                          {domain::FieldError{"email", "an email address, at most 254 bytes"}});
    if (auto wait = ctx.guards.sign_in_links_per_ip.take(client_ip, std::chrono::steady_clock::now()))
        return rate_limited("Too many sign-in links asked for", *wait);
    const domain::Time now = ctx.clock.now();
    auto recent = ctx.store.count_sign_in_requests(SignInKind::kEmailLink, *email, now - kSignInLinkLifetime);
    if (!recent) return recent.error();
    if (*recent >= kSignInLinksPerAddress)
        return rate_limited("Too many sign-in links for this address",
                            std::chrono::duration_cast<std::chrono::seconds>(kSignInLinkLifetime));
    auto existing = ctx.store.find_user_by_email(*email);
    if (!existing && existing.error().code != ErrorCode::kNotFound) return existing.error();
    // Staff sign in with their password: their request is kept (so the limit above counts it as
    // anyone's, and the answer is the same) but never mailed, and could not be used.
    const bool mailed = !(existing && (signs_in_with_password(*existing) || existing->disabled));
    SignInRequest r;
    r.nonce = new_author_token();  // the salt the link's token is derived from
    r.token_hash = hash_author_token(sign_in_link_token(ctx.guards.mail_key, r.nonce));
    r.kind = SignInKind::kEmailLink;
    r.subject = *email;
    r.return_to = returnable(ctx.rules.identity, return_to, handoff_challenge);
    r.mode = is_host_page(r.return_to) ? "widget" : "page";
    if (r.mode == "widget") r.handoff_challenge = std::string(handoff_challenge);
    r.created_at = now;
    r.expires_at = now + kSignInLinkLifetime;
    auto stored = ctx.store.insert_sign_in_request(r);
    if (!stored) return stored.error();
    if (!mailed) return {};
    store::NewOutboxMessage mail;
    mail.channel = store::OutboxChannel::kMail;
    mail.event_type = "sign_in_link";
    mail.subject_id = stored->id;
    mail.recipient = *email;
    mail.event_at = now;
    mail.due_at = now;
    if (auto queued = ctx.store.enqueue_message(mail); !queued) return queued.error();
    return {};
}

domain::Result<FinishedSignIn> use_sign_in_link(Context& ctx, std::string_view token, const std::string& client_ip) {
    if (auto ok = take_sign_in_token(ctx, client_ip); !ok) return ok.error();
    if (token.empty() || token.size() > kMaxSecretBytes) return link_refused();
    auto request = ctx.store.take_sign_in_request(hash_author_token(token), SignInKind::kEmailLink, ctx.clock.now());
    if (!request) return request.error().code == ErrorCode::kNotFound ? link_refused() : request.error();
    // A staff address's request is never mailed, but an account promoted since may be reached:
    // refused before anything about the account changes.
    auto existing = ctx.store.find_user_by_email(request->subject);
    if (!existing && existing.error().code != ErrorCode::kNotFound) return existing.error();
    if (existing && signs_in_with_password(*existing))
        return make_error(ErrorCode::kUnauthenticated, "Staff sign in with their password", "use the desk's login");
    auto account = ctx.store.sign_in_by_email(request->subject, kDefaultReaderName, ctx.clock.now());
    if (!account) return account.error();
    if (signs_in_with_password(account->user))
        return make_error(ErrorCode::kUnauthenticated, "Staff sign in with their password", "use the desk's login");
    auto login = open_session(ctx, account->user);
    if (!login) return login.error();
    return FinishedSignIn{std::move(*login), request->return_to, request->mode, request->handoff_challenge};
}

domain::Result<std::string> new_handoff_code(Context& ctx, domain::UserId user_id, std::string_view challenge) {
    if (!is_handoff_challenge(challenge))
        return make_error(ErrorCode::kInvalid, "No hand-off challenge", "a hand-off is bound to the browser that asked");
    const std::string code = new_author_token();
    SignInRequest r;
    r.handoff_challenge = std::string(challenge);
    r.token_hash = hash_author_token(code);
    r.kind = SignInKind::kHandoff;
    r.subject = std::to_string(user_id);
    r.mode = "widget";
    r.created_at = ctx.clock.now();
    r.expires_at = r.created_at + kHandoffLifetime;
    if (auto stored = ctx.store.insert_sign_in_request(r); !stored) return stored.error();
    return code;
}

domain::Result<Login> use_handoff_code(Context& ctx, std::string_view code, std::string_view verifier,
                                       const std::string& client_ip) {
    if (auto ok = take_sign_in_token(ctx, client_ip); !ok) return ok.error();
    const auto refused = [] {
        return make_error(ErrorCode::kUnauthenticated, "This sign-in code has expired or was already used",
                          "sign in again");
    };
    if (verifier.empty())
        return make_error(ErrorCode::kInvalid, "Missing verifier", "send the secret the sign-in began with",
                          {domain::FieldError{"verifier", "is required"}});
    if (!is_author_token(code)) return refused();
    auto request = ctx.store.take_sign_in_request(hash_author_token(code), SignInKind::kHandoff, ctx.clock.now());
    if (!request) return request.error().code == ErrorCode::kNotFound ? refused() : request.error();
    // The code is used up either way: a wrong verifier cannot be retried against it.
    if (verifier.size() < 43 || verifier.size() > 128 || request->handoff_challenge.empty() ||
        !secret_equals(outbound::pkce_challenge(verifier), request->handoff_challenge))
        return make_error(ErrorCode::kUnauthenticated, "This sign-in belongs to another browser",
                          "sign in again from this page");
    domain::UserId id = 0;
    const auto& s = request->subject;
    if (std::from_chars(s.data(), s.data() + s.size(), id).ec != std::errc()) return refused();
    auto user = ctx.store.get_user(id);
    if (!user) return user.error().code == ErrorCode::kNotFound ? refused() : user.error();
    return open_session(ctx, *user);
}

domain::Result<Login> sign_in_with_sso(Context& ctx, std::string_view token, const std::string& client_ip) {
    const auto& config = ctx.rules.identity;
    if (!config.sso()) return make_error(ErrorCode::kNotFound, "Single sign-on is not set up", "this site takes no SSO tokens");
    if (auto ok = take_sign_in_token(ctx, client_ip); !ok) return ok.error();
    if (token.empty() || token.size() > outbound::kMaxJwtBytes)
        return make_error(ErrorCode::kUnauthenticated, "Invalid token", "malformed");
    outbound::JwtRules rules;
    rules.now = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.now().time_since_epoch()).count();
    rules.audience = config.sso_audience;
    auto claims = outbound::verify_jwt(token, config.sso_keys, rules);
    if (!claims) return claims.error();
    store::ExternalProfile profile;
    profile.provider = "sso";
    profile.subject = claims->sub;
    profile.name = reader_name(claims->name, ctx.rules.limits);
    if (auto email = outside_email(claims->email)) {
        profile.email = std::move(*email);
        profile.email_verified = true;  // the newsroom's own site vouches for its members' addresses
    }
    profile.badge = claims->badge;
    profile.update_name = true;
    auto account = ctx.store.sign_in_external(profile, ctx.clock.now());
    if (!account) return account.error();
    domain::User user = std::move(account->user);
    if (config.sso_trust_roles) {
        // The newsroom may name readers, authors, editors and moderators; admins are made at the
        // desk only, so a leaked SSO secret cannot mint one.
        domain::Role role = domain::Role::kReader;
        for (const auto& name : claims->roles)
            if (auto r = domain::parse_role(name); r && *r != domain::Role::kAdmin && *r > role) role = *r;
        if (user.role == domain::Role::kAdmin)
            return make_error(ErrorCode::kUnauthenticated, "Admins sign in with their password", "use the desk's login");
        if (user.role != role) {
            user.role = role;
            auto saved = ctx.store.update_user(user);
            if (!saved) return saved.error();
            user = std::move(*saved);
            (void)ctx.store.delete_user_sessions(user.id);
            ctx.guards.sessions.erase_user(user.id);
        }
    } else if (signs_in_with_password(user)) {
        return make_error(ErrorCode::kUnauthenticated, "Staff sign in with their password", "use the desk's login");
    }
    return open_session(ctx, user);
}

std::string oidc_redirect_uri(const IdentityConfig& config, std::string_view provider) {
    return config.site_url + "/auth/oidc/" + std::string(provider) + "/callback";
}

domain::Result<OidcTrip> start_oidc(Context& ctx, std::string_view provider, std::string_view return_to,
                                    std::string_view mode, std::string_view handoff_challenge,
                                    const std::string& client_ip) {
    const auto* p = ctx.rules.identity.provider(provider);
    if (!p) return make_error(ErrorCode::kNotFound, "No such sign-in provider", "this site has no provider by that name");
    if (auto ok = take_sign_in_token(ctx, client_ip); !ok) return ok.error();
    auto discovery = p->cache->discovery();
    if (!discovery) return provider_unreachable(discovery.error());
    const std::string state = new_author_token();
    SignInRequest r;
    r.token_hash = hash_author_token(state);
    r.kind = SignInKind::kOidc;
    r.subject = p->name;
    r.nonce = new_author_token();
    r.code_verifier = outbound::new_pkce_verifier();
    r.return_to = returnable(ctx.rules.identity, return_to, handoff_challenge);
    r.mode = mode == "popup" ? "popup" : "page";
    if (is_host_page(r.return_to)) r.handoff_challenge = std::string(handoff_challenge);
    r.created_at = ctx.clock.now();
    r.expires_at = r.created_at + kOidcTripLifetime;
    if (auto stored = ctx.store.insert_sign_in_request(r); !stored) return stored.error();
    return OidcTrip{outbound::authorization_url(*discovery, p->client_id, oidc_redirect_uri(ctx.rules.identity, p->name),
                                                state, r.nonce, outbound::pkce_challenge(r.code_verifier)),
                    state};
}

domain::Result<FinishedSignIn> finish_oidc(Context& ctx, std::string_view provider, std::string_view code,
                                           std::string_view state) {
    const auto* p = ctx.rules.identity.provider(provider);
    if (!p) return make_error(ErrorCode::kNotFound, "No such sign-in provider", "this site has no provider by that name");
    const auto refused = [](std::string detail) {
        return make_error(ErrorCode::kUnauthenticated, "The sign-in did not complete", std::move(detail));
    };
    if (!is_author_token(state) || code.empty() || code.size() > 2048) return refused("start again from the sign-in button");
    auto trip = ctx.store.take_sign_in_request(hash_author_token(state), SignInKind::kOidc, ctx.clock.now());
    if (!trip) return trip.error().code == ErrorCode::kNotFound ? refused("this sign-in expired or was already used")
                                                                : trip.error();
    if (trip->subject != p->name) return refused("this sign-in began with another provider");
    auto discovery = p->cache->discovery();
    if (!discovery) return provider_unreachable(discovery.error());
    outbound::FetchOptions fetch;
    auto id_token = outbound::exchange_code(*discovery, p->client_id, p->client_secret, code,
                                            oidc_redirect_uri(ctx.rules.identity, p->name), trip->code_verifier, fetch);
    if (!id_token) return provider_unreachable(id_token.error());
    auto keys = p->cache->keys_for(*id_token);
    if (!keys) return provider_unreachable(keys.error());
    outbound::JwtRules rules;
    rules.now = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.now().time_since_epoch()).count();
    rules.audience = p->client_id;
    rules.issuer = discovery->issuer;
    auto claims = outbound::verify_jwt(*id_token, *keys, rules);
    if (!claims) return claims.error();
    if (!secret_equals(claims->nonce, trip->nonce)) return refused("the provider's answer does not belong to this sign-in");
    store::ExternalProfile profile;
    profile.provider = "oidc:" + p->name;
    profile.subject = claims->sub;
    profile.name = reader_name(claims->name, ctx.rules.limits);
    // Only an address the provider vouches for is kept: an unverified one would let anyone who
    // typed a victim's address at a lax provider own the account that address later signs in to.
    if (auto email = outside_email(claims->email); email && claims->email_verified) {
        profile.email = std::move(*email);
        profile.email_verified = true;
    }
    auto account = ctx.store.sign_in_external(profile, ctx.clock.now());
    if (!account) return account.error();
    if (signs_in_with_password(account->user))
        return make_error(ErrorCode::kUnauthenticated, "Staff sign in with their password", "use the desk's login");
    auto login = open_session(ctx, account->user);
    if (!login) return login.error();
    return FinishedSignIn{std::move(*login), trip->return_to, trip->mode, trip->handoff_challenge};
}

}  // namespace tribune::service
