#include "store/common/identity_steps.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "domain/email_address.hpp"

namespace tribune::store::identity_steps {
namespace {

using domain::ErrorCode;

constexpr std::string_view kRequestColumns =
    "id, token_hash, kind, subject, nonce, code_verifier, return_to, mode, created_at, expires_at, handoff_challenge";

std::string identity_cat(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (auto p : parts) s += p;
    return s;
}

// Sign-in requests.
const PortableSql kSweepRequests("DELETE FROM sign_in_requests WHERE expires_at <= CAST(?1 AS BIGINT)");
// A taken hash inserts nothing and returns no row (on PostgreSQL, a concurrent insert of the same
// hash waits for the other instead of aborting the transaction).
const PortableSql kInsertRequest(
    "INSERT INTO sign_in_requests (token_hash, kind, subject, nonce, code_verifier, return_to, mode, created_at,"
    " expires_at, handoff_challenge) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT),"
    " CAST(?5 AS TEXT), CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS BIGINT), CAST(?9 AS BIGINT), CAST(?10 AS TEXT))"
    " ON CONFLICT (token_hash) DO NOTHING RETURNING id");
const PortableSql kPendingRequest(identity_cat({"SELECT ", kRequestColumns,
                                                " FROM sign_in_requests WHERE id = CAST(?1 AS BIGINT)"
                                                " AND expires_at > CAST(?2 AS BIGINT)"}));
// Of two nodes taking one request at once, one deletes it; the other finds nothing.
const PortableSql kTakeRequest(identity_cat({"DELETE FROM sign_in_requests WHERE token_hash = CAST(?1 AS TEXT)"
                                             " AND kind = CAST(?2 AS TEXT) AND expires_at > CAST(?3 AS BIGINT)"
                                             " RETURNING ",
                                             kRequestColumns}));
const PortableSql kCountRequests(
    "SELECT count(*) FROM sign_in_requests WHERE kind = CAST(?1 AS TEXT) AND subject = CAST(?2 AS TEXT)"
    " AND created_at >= CAST(?3 AS BIGINT)");

// Accounts. SQLite keeps authors and editors as role 'reader' with a newsroom_role (sqlite/rows.hpp).
const PortableSql kAccountByEmail(
    "SELECT id, CASE WHEN role = 'reader' AND newsroom_role = '' THEN 1 ELSE 0 END FROM users"
    " WHERE email = CAST(?1 AS TEXT)",
    "SELECT id, CASE WHEN role = 'reader' THEN 1 ELSE 0 END FROM users WHERE email = CAST(?1 AS TEXT)");
const PortableSql kMarkVerified("UPDATE users SET email_verified = 1 WHERE id = CAST(?1 AS BIGINT)");
// A taken address inserts nothing (concurrent inserts of one address wait for each other).
const PortableSql kInsertReader(
    "INSERT INTO users (email, name, role, password_hash, created_at, email_verified, badge) VALUES"
    " (CAST(?1 AS TEXT), CAST(?2 AS TEXT), 'reader', '', CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT))"
    " ON CONFLICT (email) DO NOTHING RETURNING id");
const PortableSql kDeleteNewAccount("DELETE FROM users WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kUserExists("SELECT 1 FROM users WHERE id = CAST(?1 AS BIGINT)");

// External identities.
const PortableSql kIdentityAccount(
    "SELECT user_id FROM external_identities WHERE provider = CAST(?1 AS TEXT) AND subject = CAST(?2 AS TEXT)");
const PortableSql kLinkIdentity(
    "INSERT INTO external_identities (provider, subject, user_id, created_at) VALUES (CAST(?1 AS TEXT),"
    " CAST(?2 AS TEXT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT)) ON CONFLICT (provider, subject) DO NOTHING"
    " RETURNING user_id");
// What the provider says now: the badge always, the name when it wins, the verified mark when it
// vouches for the account's own address.
const PortableSql kRefreshAccount(
    "UPDATE users SET badge = CAST(?2 AS TEXT),"
    " name = CASE WHEN CAST(?3 AS BIGINT) <> 0 THEN CAST(?4 AS TEXT) ELSE name END,"
    " email_verified = CASE WHEN CAST(?5 AS BIGINT) <> 0 AND email = CAST(?6 AS TEXT) THEN 1"
    " ELSE email_verified END WHERE id = CAST(?1 AS BIGINT)");
// Byte order on both engines (COLLATE "C" on PostgreSQL, as SQLite's BINARY).
const PortableSql kIdentitiesOf(
    "SELECT provider, subject FROM external_identities WHERE user_id = CAST(?1 AS BIGINT) ORDER BY provider, subject",
    "SELECT provider, subject FROM external_identities WHERE user_id = CAST(?1 AS BIGINT)"
    " ORDER BY provider COLLATE \"C\", subject COLLATE \"C\"");

// An account's comments. Deleted ones are tombstones and stay as they are.
constexpr std::string_view kAccountShown =
    "author_name = (SELECT name FROM users WHERE id = CAST(?1 AS BIGINT)),"
    " author_badge = (SELECT badge FROM users WHERE id = CAST(?1 AS BIGINT)),"
    " author_verified = (SELECT email_verified FROM users WHERE id = CAST(?1 AS BIGINT))";
const PortableSql kClaimComments(identity_cat(
    // The token no longer answers for them: the account does (whoever else holds the old cookie,
    // on a shared computer, cannot edit what now shows the account's name).
    {"UPDATE comments SET author_user_id = CAST(?1 AS BIGINT), author_token_hash = '', ", kAccountShown,
     " WHERE author_token_hash = CAST(?2 AS TEXT) AND author_user_id IS NULL AND status <> 'deleted'"
     " RETURNING page"}));
const PortableSql kRenameAccount(
    "UPDATE users SET name = CAST(?2 AS TEXT) WHERE id = CAST(?1 AS BIGINT) RETURNING id");
const PortableSql kShowAccountOnComments(identity_cat(
    {"UPDATE comments SET ", kAccountShown,
     " WHERE author_user_id = CAST(?1 AS BIGINT) AND status <> 'deleted' AND (author_name <> CAST(?2 AS TEXT)"
     " OR author_badge <> (SELECT badge FROM users WHERE id = CAST(?1 AS BIGINT))"
     " OR author_verified <> (SELECT email_verified FROM users WHERE id = CAST(?1 AS BIGINT))) RETURNING page"}));
const PortableSql kAccountComments(
    "SELECT id, page, text, status, created_at FROM comments WHERE author_user_id = CAST(?1 AS BIGINT)"
    " AND status <> 'deleted' AND id < CAST(?2 AS BIGINT) ORDER BY id DESC LIMIT CAST(?3 AS BIGINT)");

// Privacy.
const PortableSql kEraseEmailLinks(
    "DELETE FROM sign_in_requests WHERE kind = 'email_link' AND subject = CAST(?1 AS TEXT)");
const PortableSql kEraseHandoffs("DELETE FROM sign_in_requests WHERE kind = 'handoff' AND subject = CAST(?1 AS TEXT)");

domain::Error identity_invalid(std::string message) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid sign-in value", std::move(message));
}
domain::Error identity_account_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "No such account.");
}
domain::Error sign_in_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "No such sign-in, or it expired or was used.");
}
domain::Error token_hash_taken() {
    return domain::make_error(ErrorCode::kConflict, "Sign-in taken", "A sign-in with this secret already exists.");
}
domain::Error no_account_made() {
    return domain::make_error(ErrorCode::kConflict, "No account made",
                              "No address was free for the new account; try again.");
}

Result<void> check_bytes(std::string_view value, std::size_t min, std::size_t max, std::string_view what) {
    if (value.size() < min || value.size() > max)
        return identity_invalid(std::string(what) + " is " + std::to_string(min) + " to " + std::to_string(max) +
                                " bytes");
    return {};
}

std::optional<SignInKind> parse_kind(std::string_view s) {
    for (SignInKind k : {SignInKind::kEmailLink, SignInKind::kOidc, SignInKind::kHandoff})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

SignInRequest read_request(const SqlRows& r, int i) {
    SignInRequest q;
    q.id = r.int64(i, 0);
    q.token_hash = r.text(i, 1);
    // The CHECK constraint keeps kind to the names parse_kind accepts.
    q.kind = parse_kind(r.text(i, 2)).value_or(SignInKind::kEmailLink);
    q.subject = r.text(i, 3);
    q.nonce = r.text(i, 4);
    q.code_verifier = r.text(i, 5);
    q.return_to = r.text(i, 6);
    q.mode = r.text(i, 7);
    q.created_at = domain::from_micros(r.int64(i, 8));
    q.expires_at = domain::from_micros(r.int64(i, 9));
    q.handoff_challenge = r.text(i, 10);
    return q;
}

// The pages in `r`'s first column, sorted, without repeats.
std::vector<std::string> distinct_pages(const SqlRows& r) {
    std::vector<std::string> pages;
    pages.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) pages.push_back(r.text(i, 0));
    std::sort(pages.begin(), pages.end());
    pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
    return pages;
}

// The first `chars` code points of valid UTF-8 `text`.
std::string utf8_prefix(std::string_view text, std::size_t chars) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) != 0x80 && seen++ == chars) return std::string(text.substr(0, i));
    }
    return std::string(text);
}

std::int64_t identity_flag(bool b) { return b ? 1 : 0; }

struct AccountByEmail {
    domain::UserId id = 0;
    bool reader = false;  // a plain reader: not staff, not newsroom
};

Result<std::optional<AccountByEmail>> account_by_email(SqlSession& db, std::string_view email) {
    auto r = db.query(kAccountByEmail, {email});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<AccountByEmail>();
    return std::optional<AccountByEmail>(AccountByEmail{r->int64(0, 0), r->int64(0, 1) != 0});
}

// The new reader's id, or nullopt when the address is taken.
Result<std::optional<domain::UserId>> insert_reader(SqlSession& db, std::string_view email, std::string_view name,
                                                    domain::Time now, bool verified, std::string_view badge) {
    auto r = db.query(kInsertReader, {email, name, domain::to_micros(now), identity_flag(verified), badge});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<domain::UserId>();
    return std::optional<domain::UserId>(r->int64(0, 0));
}

Result<std::optional<domain::UserId>> identity_account(SqlSession& db, const ExternalProfile& p) {
    auto r = db.query(kIdentityAccount, {std::string_view(p.provider), std::string_view(p.subject)});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<domain::UserId>();
    return std::optional<domain::UserId>(r->int64(0, 0));
}

// Links the identity to `user_id`; false when it was linked meanwhile (by another sign-in).
Result<bool> link_identity(SqlSession& db, const ExternalProfile& p, domain::UserId user_id, domain::Time now) {
    auto r = db.query(kLinkIdentity, {std::string_view(p.provider), std::string_view(p.subject), user_id,
                                      domain::to_micros(now)});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<SignedInAccount> refreshed(SqlSession& db, const ExternalProfile& p, domain::UserId user_id) {
    const bool vouched = p.email_verified && !p.email.empty();
    auto r = db.query(kRefreshAccount, {user_id, std::string_view(p.badge), identity_flag(p.update_name),
                                        std::string_view(p.name), identity_flag(vouched), std::string_view(p.email)});
    if (!r) return r.error();
    return SignedInAccount{user_id, false};
}

// The account another sign-in of the same identity linked while this one was deciding.
Result<SignedInAccount> linked_meanwhile(SqlSession& db, const ExternalProfile& p) {
    auto known = identity_account(db, p);
    if (!known) return known.error();
    if (!*known) return no_account_made();
    return refreshed(db, p, **known);
}

// 64 bits of FNV-1a over `bytes` from `basis`, then MurmurHash3's finalizer so every input bit
// reaches every output bit.
std::uint64_t mixed_hash(std::string_view bytes, std::uint64_t basis) {
    std::uint64_t h = basis;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb3fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

void append_hex(std::string& out, std::uint64_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xF];
}

}  // namespace

std::string_view to_string(SignInKind kind) {
    switch (kind) {
        case SignInKind::kEmailLink: return "email_link";
        case SignInKind::kOidc: return "oidc";
        case SignInKind::kHandoff: return "handoff";
    }
    return "email_link";
}

Result<void> check_token_hash(std::string_view token_hash) {
    return check_bytes(token_hash, 1, kMaxTokenHashBytes, "a sign-in's hash");
}

Result<void> check_subject(std::string_view subject) {
    return check_bytes(subject, 1, kMaxSignInSubjectBytes, "a sign-in's subject");
}

Result<void> check_email(std::string_view email) { return check_bytes(email, 1, domain::kMaxEmailBytes, "an address"); }

Result<void> check_account_name(std::string_view name) {
    return check_bytes(name, 1, kMaxAccountNameBytes, "a name");
}

Result<void> check_user_id(domain::UserId user_id) {
    if (user_id <= 0) return identity_invalid("an account id is positive");
    return {};
}

Result<void> check_sign_in_request(const SignInRequest& q) {
    if (auto ok = check_token_hash(q.token_hash); !ok) return ok;
    if (auto ok = check_subject(q.subject); !ok) return ok;
    if (auto ok = check_bytes(q.nonce, 0, kMaxSignInSecretBytes, "a nonce"); !ok) return ok;
    if (auto ok = check_bytes(q.code_verifier, 0, kMaxSignInSecretBytes, "a code verifier"); !ok) return ok;
    if (auto ok = check_bytes(q.handoff_challenge, 0, kMaxSignInSecretBytes, "a hand-off challenge"); !ok) return ok;
    if (auto ok = check_bytes(q.return_to, 0, kMaxReturnToBytes, "return_to"); !ok) return ok;
    if (q.mode != "page" && q.mode != "popup" && q.mode != "widget")
        return identity_invalid("a mode is page, popup or widget");
    if (q.expires_at <= q.created_at) return identity_invalid("a sign-in expires after it was made");
    return {};
}

Result<void> check_profile(const ExternalProfile& p) {
    if (auto ok = check_bytes(p.provider, 1, kMaxProviderBytes, "a provider"); !ok) return ok;
    if (auto ok = check_bytes(p.subject, 1, kMaxExternalSubjectBytes, "a subject"); !ok) return ok;
    if (auto ok = check_account_name(p.name); !ok) return ok;
    if (auto ok = check_bytes(p.email, 0, domain::kMaxEmailBytes, "an address"); !ok) return ok;
    if (auto ok = check_bytes(p.badge, 0, domain::kMaxBadgeBytes, "a badge"); !ok) return ok;
    return {};
}

Result<void> check_page_size(int limit, std::optional<std::int64_t> before_id) {
    if (limit < 1 || limit > kMaxOwnComments)
        return identity_invalid("limit is 1 to " + std::to_string(kMaxOwnComments));
    if (before_id && *before_id <= 0) return identity_invalid("before is a comment id");
    return {};
}

Result<SignInRequest> insert_sign_in_request(SqlSession& db, const SignInRequest& q) {
    if (auto r = db.query(kSweepRequests, {domain::to_micros(q.created_at)}); !r) return r.error();
    auto r = db.query(kInsertRequest, {std::string_view(q.token_hash), to_string(q.kind), std::string_view(q.subject),
                                       std::string_view(q.nonce), std::string_view(q.code_verifier),
                                       std::string_view(q.return_to), std::string_view(q.mode),
                                       domain::to_micros(q.created_at), domain::to_micros(q.expires_at),
                                       std::string_view(q.handoff_challenge)});
    if (!r) return r.error();
    if (r->rows() == 0) return token_hash_taken();
    SignInRequest stored = q;
    stored.id = r->int64(0, 0);
    return stored;
}

Result<std::optional<SignInRequest>> pending_sign_in_request(SqlSession& db, std::int64_t id, domain::Time now) {
    auto r = db.query(kPendingRequest, {id, domain::to_micros(now)});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<SignInRequest>();
    return std::optional<SignInRequest>(read_request(*r, 0));
}

Result<SignInRequest> take_sign_in_request(SqlSession& db, std::string_view token_hash, SignInKind kind,
                                           domain::Time now) {
    auto r = db.query(kTakeRequest, {token_hash, to_string(kind), domain::to_micros(now)});
    if (!r) return r.error();
    if (r->rows() == 0) return sign_in_not_found();
    return read_request(*r, 0);
}

Result<std::int64_t> count_sign_in_requests(SqlSession& db, SignInKind kind, std::string_view subject,
                                            domain::Time since) {
    auto r = db.query(kCountRequests, {to_string(kind), subject, domain::to_micros(since)});
    if (!r) return r.error();
    return r->int64(0, 0);
}

Result<SignedInAccount> sign_in_by_email(SqlSession& db, std::string_view email, std::string_view default_name,
                                         domain::Time now) {
    // Twice at most: a new account made meanwhile for the same address is found the second time.
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto existing = account_by_email(db, email);
        if (!existing) return existing.error();
        if (*existing) {
            if (auto r = db.query(kMarkVerified, {(*existing)->id}); !r) return r.error();
            return SignedInAccount{(*existing)->id, false};
        }
        auto made = insert_reader(db, email, default_name, now, true, "");
        if (!made) return made.error();
        if (*made) return SignedInAccount{**made, true};
    }
    return no_account_made();
}

std::string placeholder_email(std::string_view provider, std::string_view subject) {
    // Length-prefixed, so ("ab", "c") and ("a", "bc") hash apart.
    std::string input = std::to_string(provider.size());
    input += ':';
    input += provider;
    input += subject;
    std::string out;
    append_hex(out, mixed_hash(input, 14695981039346656037ULL));
    append_hex(out, mixed_hash(input, 0x9e3779b97f4a7c15ULL));
    out += "@accounts.invalid";
    return out;
}

Result<SignedInAccount> sign_in_external(SqlSession& db, const ExternalProfile& p, domain::Time now) {
    auto known = identity_account(db, p);
    if (!known) return known.error();
    if (*known) return refreshed(db, p, **known);

    if (!p.email.empty() && p.email_verified) {
        auto existing = account_by_email(db, p.email);
        if (!existing) return existing.error();
        if (*existing && (*existing)->reader) {
            auto linked = link_identity(db, p, (*existing)->id, now);
            if (!linked) return linked.error();
            if (!*linked) return linked_meanwhile(db, p);
            return refreshed(db, p, (*existing)->id);
        }
    }

    // A new reader: under the profile's address when it is free, else a placeholder (salted
    // again in the unlikely case another identity's placeholder has it).
    std::vector<std::string> addresses;
    if (!p.email.empty()) addresses.push_back(p.email);
    addresses.push_back(placeholder_email(p.provider, p.subject));
    for (int salt = 1; salt <= 2; ++salt)
        addresses.push_back(placeholder_email(p.provider, p.subject + "#" + std::to_string(salt)));
    for (const std::string& address : addresses) {
        const bool vouched = p.email_verified && address == p.email;
        auto made = insert_reader(db, address, p.name, now, vouched, p.badge);
        if (!made) return made.error();
        if (!*made) {
            // Taken: perhaps by another first sign-in of this identity, which has committed.
            auto meanwhile = identity_account(db, p);
            if (!meanwhile) return meanwhile.error();
            if (*meanwhile) return refreshed(db, p, **meanwhile);
            continue;
        }
        auto linked = link_identity(db, p, **made, now);
        if (!linked) return linked.error();
        if (!*linked) {
            // Another sign-in of this identity made its account first: that one is the account.
            if (auto r = db.query(kDeleteNewAccount, {**made}); !r) return r.error();
            return linked_meanwhile(db, p);
        }
        return SignedInAccount{**made, true};
    }
    return no_account_made();
}

Result<std::vector<std::pair<std::string, std::string>>> external_identities(SqlSession& db, domain::UserId user_id) {
    auto r = db.query(kIdentitiesOf, {user_id});
    if (!r) return r.error();
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->text(i, 0), r->text(i, 1));
    return out;
}

Result<std::vector<std::string>> claim_comments(SqlSession& db, domain::UserId user_id, std::string_view token_hash) {
    auto exists = db.query(kUserExists, {user_id});
    if (!exists) return exists.error();
    if (exists->rows() == 0) return identity_account_not_found();
    auto r = db.query(kClaimComments, {user_id, token_hash});
    if (!r) return r.error();
    return distinct_pages(*r);
}

Result<std::vector<std::string>> rename_account(SqlSession& db, domain::UserId user_id, std::string_view name) {
    auto renamed = db.query(kRenameAccount, {user_id, name});
    if (!renamed) return renamed.error();
    if (renamed->rows() == 0) return identity_account_not_found();
    auto r = db.query(kShowAccountOnComments, {user_id, name});
    if (!r) return r.error();
    return distinct_pages(*r);
}

Result<std::vector<OwnComment>> account_comments(SqlSession& db, domain::UserId user_id, int limit,
                                                 std::optional<std::int64_t> before_id) {
    const std::int64_t before = before_id.value_or(std::numeric_limits<std::int64_t>::max());
    auto r = db.query(kAccountComments, {user_id, before, std::int64_t{limit}});
    if (!r) return r.error();
    std::vector<OwnComment> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) {
        OwnComment c;
        c.id = r->int64(i, 0);
        c.page = r->text(i, 1);
        c.excerpt = utf8_prefix(r->text(i, 2), kExcerptChars);
        c.status = r->text(i, 3);
        c.created_at = domain::from_micros(r->int64(i, 4));
        out.push_back(std::move(c));
    }
    return out;
}

Result<void> erase_sign_ins(SqlSession& db, const std::vector<std::string>& addresses,
                            std::optional<domain::UserId> user_id) {
    for (const std::string& address : addresses) {
        if (auto r = db.query(kEraseEmailLinks, {std::string_view(address)}); !r) return r.error();
    }
    if (user_id) {
        const std::string subject = std::to_string(*user_id);
        if (auto r = db.query(kEraseHandoffs, {std::string_view(subject)}); !r) return r.error();
    }
    return {};
}

}  // namespace tribune::store::identity_steps
