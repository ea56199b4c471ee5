#include "portability/tribune_lines.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <limits>
#include <utility>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/moderation.hpp"
#include "domain/role.hpp"
#include "store/notification_types.hpp"

namespace tribune::portability {
namespace json = boost::json;
using domain::ErrorCode;
using domain::make_error;
using domain::Result;

namespace {

// ---- writing --------------------------------------------------------------------------------

json::value time_value(domain::Time t) { return json::string(format_exact_time(t)); }

json::value optional_time(const std::optional<domain::Time>& t) {
    if (!t) return nullptr;
    return time_value(*t);
}

json::value optional_int(const std::optional<std::int64_t>& n) {
    if (!n) return nullptr;
    return *n;
}

json::value named(const domain::NamedRef& r) { return json::object{{"name", r.name}, {"slug", r.slug}}; }

json::array named_list(const std::vector<domain::NamedRef>& list) {
    json::array out;
    for (const auto& r : list) out.push_back(named(r));
    return out;
}

json::object summary_object(const store::StoreSummary& s) {
    json::object o;
    for (const store::SummaryCount& c : store::kSummaryCounts) o[c.key] = s.*c.member;
    o["checksum"] = checksum_hex(s.checksum);
    return o;
}

json::object object_of(const domain::User& u) {
    json::object o{{"type", "user"},
                   {"id", u.id},
                   {"email", u.email},
                   {"name", u.name},
                   {"role", domain::to_string(u.role)},
                   {"created_at", time_value(u.created_at)},
                   {"disabled", u.disabled},
                   {"email_verified", u.email_verified},
                   {"badge", u.badge}};
    // Left out, not blank, when the export has no secrets: "" would read as a set empty hash.
    if (!u.password_hash.empty()) o["password_hash"] = u.password_hash;
    return o;
}

json::object object_of(const store::AuthorProfile& a) {
    json::array links;
    for (const auto& l : a.links) links.emplace_back(l);
    return json::object{{"type", "author"}, {"id", a.id},       {"slug", a.slug},
                        {"name", a.name},   {"bio", a.bio},     {"photo_url", a.photo_url},
                        {"links", links},   {"user_id", optional_int(a.user_id)}};
}

json::object object_of(const domain::Article& a) {
    json::object o{{"type", "article"},
                   {"id", a.id},
                   {"slug", a.slug},
                   {"title", a.title},
                   {"summary", a.summary},
                   {"authors", named_list(a.authors)},
                   {"section", a.section ? named(*a.section) : json::value(nullptr)},
                   {"tags", named_list(a.tags)},
                   {"body_markdown", a.body_markdown},
                   {"status", domain::to_string(a.status)},
                   {"published_at", time_value(a.published_at)},
                   {"updated_at", time_value(a.updated_at)},
                   {"created_at", time_value(a.created_at)},
                   {"revision", a.revision},
                   {"page", a.page},
                   {"live", a.live}};
    if (a.media) {
        const auto& m = *a.media;
        o["media"] = json::object{{"kind", m.kind},       {"url", m.url},
                                  {"mime_type", m.mime_type}, {"duration_seconds", m.duration_seconds},
                                  {"caption", m.caption}, {"alt", m.alt},
                                  {"credit", m.credit},   {"width", m.width},
                                  {"height", m.height}};
    } else {
        o["media"] = nullptr;
    }
    json::array corrections;
    for (const auto& c : a.corrections)
        corrections.push_back(json::object{{"id", c.id}, {"at", time_value(c.at)}, {"text", c.text}, {"by", c.by}});
    o["corrections"] = std::move(corrections);
    if (a.review)
        o["review"] = json::object{{"requested_at", time_value(a.review->requested_at)},
                                   {"requested_by", a.review->requested_by}};
    else o["review"] = nullptr;
    return o;
}

json::object object_of(const store::ArticleRevision& r) {
    return json::object{{"type", "article_revision"}, {"id", r.id},
                        {"article_id", r.article_id},  {"number", r.number},
                        {"saved_at", time_value(r.saved_at)}, {"saved_by", r.saved_by},
                        {"snapshot", r.snapshot}};
}

json::object object_of(const store::ArticleRedirect& r) {
    return json::object{{"type", "article_redirect"}, {"old_slug", r.old_slug}, {"article_id", r.article_id}};
}

json::object object_of(const domain::LiveUpdate& u) {
    const bool edited = domain::to_micros(u.edited_at) != 0;
    return json::object{{"type", "live_update"},
                        {"id", u.id},
                        {"article_id", u.article_id},
                        {"posted_at", time_value(u.posted_at)},
                        {"edited_at", edited ? time_value(u.edited_at) : json::value(nullptr)},
                        {"posted_by", u.posted_by},
                        {"body_markdown", u.body_markdown},
                        {"pinned", u.pinned}};
}

json::object object_of(const store::CommentRecord& r) {
    const domain::Comment& c = r.comment;
    json::array edits;
    for (const auto& e : r.edits)
        edits.push_back(
            json::object{{"text", e.text}, {"replaced_at", time_value(e.replaced_at)}, {"edited_by", e.edited_by}});
    return json::object{{"type", "comment"},
                        {"id", c.id},
                        {"page", c.page},
                        {"parent_id", optional_int(c.parent_id)},
                        {"author", json::object{{"name", c.author.name},
                                                {"role", domain::to_string(c.author.role)},
                                                {"user_id", optional_int(c.author.user_id)},
                                                {"badge", c.author.badge},
                                                {"verified", c.author.verified}}},
                        {"author_token_hash", c.author_token_hash},
                        {"text", c.text},
                        {"status", domain::to_string(c.status)},
                        {"created_at", time_value(c.created_at)},
                        {"edited_at", optional_time(c.edited_at)},
                        {"reply_count", c.reply_count},
                        {"ip_hash", c.ip_hash},
                        {"filter_reason", c.filter_reason},
                        {"featured", c.featured},
                        {"author_email", r.author_email},
                        {"notify", r.notify},
                        {"edits", std::move(edits)}};
}

json::object object_of(const store::PathRedirect& r) {
    return json::object{{"type", "old_path"}, {"path", r.path}, {"page", r.page}};
}

json::object object_of(const store::ImportSourceRow& r) {
    return json::object{{"type", "import_source"}, {"id", r.id},     {"source", r.source},
                        {"kind", r.kind},          {"source_id", r.source_id}, {"local_id", r.local_id},
                        {"page", r.page},          {"pending_parent", r.pending_parent}};
}

json::object object_of(const domain::Report& r) {
    return json::object{{"type", "report"},     {"id", r.id},
                        {"comment_id", r.comment_id}, {"reason", r.reason},
                        {"reporter", r.reporter}, {"created_at", time_value(r.created_at)},
                        {"resolved", r.resolved}};
}

json::object object_of(const domain::Ban& b) {
    return json::object{{"type", "ban"},
                        {"id", b.id},
                        {"kind", domain::to_string(b.kind)},
                        {"value", b.value},
                        {"reason", b.reason},
                        {"created_by", b.created_by},
                        {"created_at", time_value(b.created_at)},
                        {"expires_at", optional_time(b.expires_at)},
                        {"lifted", b.lifted}};
}

json::object object_of(const domain::AuditEntry& e) {
    return json::object{{"type", "audit"},
                        {"id", e.id},
                        {"at", time_value(e.at)},
                        {"actor_user_id", optional_int(e.actor_user_id)},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"target", e.target},
                        {"before", e.before},
                        {"after", e.after}};
}

json::object object_of(const domain::ThreadPolicy& p) {
    return json::object{
        {"type", "thread_policy"},
        {"page", p.page},
        {"moderation", p.moderation ? json::value(json::string(domain::to_string(*p.moderation))) : json::value(nullptr)},
        {"closed", p.closed},
        {"auto_close_days", p.auto_close_days ? json::value(*p.auto_close_days) : json::value(nullptr)},
        {"signin_required", p.signin_required ? json::value(*p.signin_required) : json::value(nullptr)}};
}

json::object object_of(const store::Setting& s) {
    return json::object{{"type", "setting"}, {"key", s.key}, {"value", s.value}};
}

json::object object_of(const store::MediaItem& m) {
    return json::object{{"type", "media"},
                        {"hash", m.hash},
                        {"kind", m.kind},
                        {"content_type", m.content_type},
                        {"bytes", m.bytes},
                        {"duration_ms", optional_int(m.duration_ms)},
                        {"width", m.width ? json::value(*m.width) : json::value(nullptr)},
                        {"height", m.height ? json::value(*m.height) : json::value(nullptr)},
                        {"original_name", m.original_name},
                        {"created_at", time_value(domain::from_micros(m.created_at))},
                        {"created_by", m.created_by},
                        {"variant_of", m.variant_of}};
}

json::object object_of(const store::ThreadCount& t) {
    return json::object{{"type", "thread"}, {"page", t.page}, {"approved", t.approved}};
}

// ---- reading --------------------------------------------------------------------------------

// A line's object, read field by field; the first problem is kept and every later read is a no-op.
class Fields {
public:
    explicit Fields(const json::object& o) : o_(o) {}

    const std::optional<std::string>& problem() const { return problem_; }

    std::string str(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (v && v->is_string()) return std::string(v->get_string());
        fail(key, "a string");
        return {};
    }
    std::string str_or_empty(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (!v || v->is_null()) return {};
        return str(key);
    }
    std::int64_t i64(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (v) {
            if (v->is_int64()) return v->get_int64();
            if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return static_cast<std::int64_t>(v->get_uint64());
        }
        fail(key, "a whole number");
        return 0;
    }
    std::int32_t i32(std::string_view key) {
        const std::int64_t n = i64(key);
        if (n < std::numeric_limits<std::int32_t>::min() || n > std::numeric_limits<std::int32_t>::max()) {
            fail(key, "a 32-bit whole number");
            return 0;
        }
        return static_cast<std::int32_t>(n);
    }
    std::optional<std::int64_t> opt_i64(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (!v || v->is_null()) return std::nullopt;
        return i64(key);
    }
    bool boolean(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (v && v->is_bool()) return v->get_bool();
        fail(key, "true or false");
        return false;
    }
    domain::Time time(std::string_view key) {
        const std::string text = str(key);
        if (problem_) return {};
        if (auto t = domain::parse_rfc3339(text)) return *t;
        fail(key, "a time in RFC 3339 UTC (\"2026-03-15T04:53:00.000000Z\")");
        return {};
    }
    // Absent or null: nullopt (fields added after the format's first files).
    std::optional<bool> opt_boolean(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (!v || v->is_null()) return std::nullopt;
        return boolean(key);
    }
    std::optional<domain::Time> opt_time(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (!v || v->is_null()) return std::nullopt;
        return time(key);
    }
    const json::object* object(std::string_view key, bool nullable) {
        const json::value* v = o_.if_contains(key);
        if (v && v->is_object()) return &v->get_object();
        if (nullable && (!v || v->is_null())) return nullptr;
        fail(key, "an object");
        return nullptr;
    }
    const json::array* array(std::string_view key) {
        static const json::array kEmpty;
        const json::value* v = o_.if_contains(key);
        if (v && v->is_array()) return &v->get_array();
        fail(key, "an array");
        return &kEmpty;
    }
    template <class T>
    T parsed(std::string_view key, std::optional<T> (*parse)(std::string_view)) {
        const std::string text = str(key);
        if (problem_) return T{};
        if (auto v = parse(text)) return *v;
        fail(key, "a known value, not \"" + text + "\"");
        return T{};
    }
    // A nested object's problem, with its path.
    void adopt(std::string_view key, const Fields& inner) {
        if (!problem_ && inner.problem_) problem_ = std::string(key) + "." + *inner.problem_;
    }
    void fail(std::string_view key, std::string_view what) {
        if (!problem_) problem_ = std::string(key) + ": expected " + std::string(what);
    }

private:
    const json::object& o_;
    std::optional<std::string> problem_;
};

std::optional<domain::CommentStatus> comment_status(std::string_view s) { return domain::parse_status(s); }

domain::NamedRef read_named(Fields& outer, std::string_view key, const json::value& v) {
    if (!v.is_object()) {
        outer.fail(key, "objects with a name and a slug");
        return {};
    }
    Fields f(v.get_object());
    domain::NamedRef r{f.str("name"), f.str("slug")};
    outer.adopt(key, f);
    return r;
}

std::vector<domain::NamedRef> read_named_list(Fields& f, std::string_view key) {
    std::vector<domain::NamedRef> out;
    for (const auto& v : *f.array(key)) out.push_back(read_named(f, key, v));
    return out;
}

store::StoreSummary read_summary(Fields& outer, std::string_view key) {
    store::StoreSummary s;
    const json::object* o = outer.object(key, false);
    if (!o) return s;
    Fields f(*o);
    for (const store::SummaryCount& c : store::kSummaryCounts) s.*c.member = f.i64(c.key);
    const std::string hex = f.str("checksum");
    if (!f.problem()) {
        if (auto c = parse_checksum_hex(hex)) s.checksum = *c;
        else f.fail("checksum", "16 hexadecimal digits");
    }
    outer.adopt(key, f);
    return s;
}

ExportHeader read_header(Fields& f) {
    ExportHeader h;
    if (f.str("format") != kExportFormatName) f.fail("format", "\"tribune-export\"");
    h.version = f.i64("version");
    h.tribune_version = f.str_or_empty("tribune_version");
    h.exported_at = f.time("exported_at");
    h.with_secrets = f.boolean("with_secrets");
    h.source = read_summary(f, "source");
    return h;
}

ExportEnd read_end(Fields& f) {
    ExportEnd e;
    e.content = read_summary(f, "content");
    e.media = f.i64("media");
    return e;
}

domain::User read_user(Fields& f) {
    domain::User u;
    u.id = f.i64("id");
    u.email = f.str("email");
    u.name = f.str("name");
    u.role = f.parsed<domain::Role>("role", domain::parse_role);
    u.password_hash = f.str_or_empty("password_hash");
    u.created_at = f.time("created_at");
    u.disabled = f.boolean("disabled");
    // Optional (files from before reader identity have none).
    u.email_verified = f.opt_boolean("email_verified").value_or(false);
    u.badge = f.str_or_empty("badge");
    return u;
}

store::AuthorProfile read_author(Fields& f) {
    store::AuthorProfile a;
    a.id = f.i64("id");
    a.slug = f.str("slug");
    a.name = f.str("name");
    a.bio = f.str("bio");
    a.photo_url = f.str("photo_url");
    for (const auto& v : *f.array("links")) {
        if (v.is_string()) a.links.emplace_back(v.get_string());
        else f.fail("links", "strings");
    }
    a.user_id = f.opt_i64("user_id");
    return a;
}

domain::Article read_article(Fields& f) {
    domain::Article a;
    a.id = f.i64("id");
    a.slug = f.str("slug");
    a.title = f.str("title");
    a.summary = f.str("summary");
    a.authors = read_named_list(f, "authors");
    const json::value section = [&] {
        const json::object* o = f.object("section", true);
        return o ? json::value(*o) : json::value(nullptr);
    }();
    if (!section.is_null()) a.section = read_named(f, "section", section);
    a.tags = read_named_list(f, "tags");
    a.body_markdown = f.str("body_markdown");
    a.status = f.parsed<domain::ArticleStatus>("status", domain::parse_article_status);
    a.published_at = f.time("published_at");
    a.updated_at = f.time("updated_at");
    a.created_at = f.time("created_at");
    a.revision = f.i32("revision");
    a.page = f.str("page");
    a.live = f.boolean("live");
    if (const json::object* m = f.object("media", true)) {
        Fields mf(*m);
        domain::Media media;
        media.kind = mf.str("kind");
        media.url = mf.str("url");
        media.mime_type = mf.str("mime_type");
        media.duration_seconds = mf.i32("duration_seconds");
        media.caption = mf.str("caption");
        media.alt = mf.str("alt");
        media.credit = mf.str("credit");
        media.width = mf.i32("width");
        media.height = mf.i32("height");
        f.adopt("media", mf);
        a.media = std::move(media);
    }
    for (const auto& v : *f.array("corrections")) {
        if (!v.is_object()) {
            f.fail("corrections", "objects");
            break;
        }
        Fields cf(v.get_object());
        domain::Correction c;
        c.id = cf.i64("id");
        c.at = cf.time("at");
        c.text = cf.str("text");
        c.by = cf.str("by");
        f.adopt("corrections", cf);
        a.corrections.push_back(std::move(c));
    }
    if (const json::object* r = f.object("review", true)) {
        Fields rf(*r);
        domain::ReviewRequest review{rf.time("requested_at"), rf.str("requested_by")};
        f.adopt("review", rf);
        a.review = std::move(review);
    }
    return a;
}

store::ArticleRevision read_revision(Fields& f) {
    store::ArticleRevision r;
    r.id = f.i64("id");
    r.article_id = f.i64("article_id");
    r.number = f.i32("number");
    r.saved_at = f.time("saved_at");
    r.saved_by = f.str("saved_by");
    r.snapshot = f.str("snapshot");
    return r;
}

store::ArticleRedirect read_redirect(Fields& f) { return store::ArticleRedirect{f.str("old_slug"), f.i64("article_id")}; }

domain::LiveUpdate read_live_update(Fields& f) {
    domain::LiveUpdate u;
    u.id = f.i64("id");
    u.article_id = f.i64("article_id");
    u.posted_at = f.time("posted_at");
    u.edited_at = f.opt_time("edited_at").value_or(domain::Time{});
    u.posted_by = f.str("posted_by");
    u.body_markdown = f.str("body_markdown");
    u.pinned = f.boolean("pinned");
    return u;
}

store::CommentRecord read_comment(Fields& f) {
    store::CommentRecord r;
    domain::Comment& c = r.comment;
    c.id = f.i64("id");
    c.page = f.str("page");
    c.parent_id = f.opt_i64("parent_id");
    if (const json::object* a = f.object("author", false)) {
        Fields af(*a);
        c.author.name = af.str("name");
        c.author.role = af.parsed<domain::Role>("role", domain::parse_role);
        c.author.user_id = af.opt_i64("user_id");
        c.author.badge = af.str_or_empty("badge");  // optional, as the user's
        c.author.verified = af.opt_boolean("verified").value_or(false);
        f.adopt("author", af);
    }
    c.author_token_hash = f.str("author_token_hash");
    c.text = f.str("text");
    c.status = f.parsed<domain::CommentStatus>("status", comment_status);
    c.created_at = f.time("created_at");
    c.edited_at = f.opt_time("edited_at");
    c.reply_count = f.i64("reply_count");
    c.ip_hash = f.str("ip_hash");
    c.filter_reason = f.str("filter_reason");
    c.featured = f.boolean("featured");
    r.author_email = f.str_or_empty("author_email");
    // Optional (files from before reader mail have none): the bits of what the poster asked for.
    if (const auto notify = f.opt_i64("notify")) {
        if (*notify < 0 || *notify > (store::kNotifyReplies | store::kNotifyApproval)) f.fail("notify", "0 to 3");
        else r.notify = static_cast<int>(*notify);
    }
    for (const auto& v : *f.array("edits")) {
        if (!v.is_object()) {
            f.fail("edits", "objects");
            break;
        }
        Fields ef(v.get_object());
        domain::CommentEdit e{ef.str("text"), ef.time("replaced_at"), ef.str("edited_by")};
        f.adopt("edits", ef);
        r.edits.push_back(std::move(e));
    }
    return r;
}

domain::Report read_report(Fields& f) {
    domain::Report r;
    r.id = f.i64("id");
    r.comment_id = f.i64("comment_id");
    r.reason = f.str("reason");
    r.reporter = f.str("reporter");
    r.created_at = f.time("created_at");
    r.resolved = f.boolean("resolved");
    return r;
}

domain::Ban read_ban(Fields& f) {
    domain::Ban b;
    b.id = f.i64("id");
    b.kind = f.parsed<domain::BanKind>("kind", domain::parse_ban_kind);
    b.value = f.str("value");
    b.reason = f.str("reason");
    b.created_by = f.str("created_by");
    b.created_at = f.time("created_at");
    b.expires_at = f.opt_time("expires_at");
    b.lifted = f.boolean("lifted");
    return b;
}

domain::AuditEntry read_audit(Fields& f) {
    domain::AuditEntry e;
    e.id = f.i64("id");
    e.at = f.time("at");
    e.actor_user_id = f.opt_i64("actor_user_id");
    e.actor = f.str("actor");
    e.action = f.str("action");
    e.target = f.str("target");
    e.before = f.str("before");
    e.after = f.str("after");
    return e;
}

domain::ThreadPolicy read_policy(Fields& f) {
    domain::ThreadPolicy p;
    p.page = f.str("page");
    if (auto mode = f.str_or_empty("moderation"); !mode.empty()) {
        if (auto m = domain::parse_moderation_mode(mode)) p.moderation = *m;
        else f.fail("moderation", "pre, pre-first-time, pre-links or post");
    }
    p.closed = f.boolean("closed");
    p.signin_required = f.opt_boolean("signin_required");  // optional, as the user's badge
    if (auto days = f.opt_i64("auto_close_days")) {
        if (*days < std::numeric_limits<int>::min() || *days > std::numeric_limits<int>::max())
            f.fail("auto_close_days", "a small whole number");
        else p.auto_close_days = static_cast<int>(*days);
    }
    return p;
}

store::Setting read_setting(Fields& f) { return store::Setting{f.str("key"), f.str("value")}; }

store::MediaItem read_media(Fields& f) {
    store::MediaItem m;
    m.hash = f.str("hash");
    m.kind = f.str("kind");
    m.content_type = f.str("content_type");
    m.bytes = f.i64("bytes");
    m.duration_ms = f.opt_i64("duration_ms");
    if (auto w = f.opt_i64("width")) m.width = static_cast<std::int32_t>(*w);
    if (auto h = f.opt_i64("height")) m.height = static_cast<std::int32_t>(*h);
    m.original_name = f.str("original_name");
    m.created_at = domain::to_micros(f.time("created_at"));
    m.created_by = f.str("created_by");
    m.variant_of = f.str("variant_of");
    return m;
}

store::PathRedirect read_old_path(Fields& f) { return store::PathRedirect{f.str("path"), f.str("page")}; }

store::ImportSourceRow read_import_source(Fields& f) {
    store::ImportSourceRow r;
    r.id = f.i64("id");
    r.source = f.str("source");
    r.kind = f.str("kind");
    r.source_id = f.str("source_id");
    r.local_id = f.i64("local_id");
    r.page = f.str("page");
    r.pending_parent = f.str("pending_parent");
    return r;
}

store::ThreadCount read_thread(Fields& f) { return store::ThreadCount{f.str("page"), f.i64("approved")}; }

constexpr std::string_view kRowTypes[] = {"user",          "author",  "article",       "article_revision",
                                          "article_redirect", "live_update", "old_path", "comment",
                                          "import_source", "report", "ban",           "audit",
                                          "thread_policy", "setting", "media",         "thread"};
static_assert(std::size(kRowTypes) == std::variant_size_v<FileRow>);

}  // namespace

std::size_t rank_of(const FileRow& row) { return row.index(); }

std::string_view type_of(const FileRow& row) { return kRowTypes[row.index()]; }

std::string format_exact_time(domain::Time t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const auto in_day = t - day;
    const hh_mm_ss hms{floor<seconds>(in_day)};
    const auto micros = (in_day - floor<seconds>(in_day)).count();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<long long>(micros));
    return buf;
}

std::string header_line(const ExportHeader& h) {
    json::object o{{"type", "header"},
                   {"format", kExportFormatName},
                   {"version", h.version},
                   {"tribune_version", h.tribune_version},
                   {"exported_at", time_value(h.exported_at)},
                   {"with_secrets", h.with_secrets},
                   {"source", summary_object(h.source)}};
    return json::serialize(o);
}

std::string end_line(const ExportEnd& e) {
    return json::serialize(json::object{{"type", "end"}, {"content", summary_object(e.content)}, {"media", e.media}});
}

std::string row_line(const FileRow& row) {
    return std::visit([](const auto& r) { return json::serialize(object_of(r)); }, row);
}

Result<ParsedLine> parse_line(std::string_view line) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec) return make_error(ErrorCode::kMalformed, "Bad export line", "not JSON: " + ec.message());
    if (!v.is_object()) return make_error(ErrorCode::kMalformed, "Bad export line", "not a JSON object");
    const json::object& o = v.get_object();
    const json::value* type = o.if_contains("type");
    if (!type || !type->is_string())
        return make_error(ErrorCode::kMalformed, "Bad export line", "no \"type\" field");
    ParsedLine out;
    out.type = std::string(type->get_string());
    Fields f(o);
    const std::string_view t = out.type;
    if (t == "header") out.header = read_header(f);
    else if (t == "end") out.end = read_end(f);
    else if (t == "user") out.row = read_user(f);
    else if (t == "author") out.row = read_author(f);
    else if (t == "article") out.row = read_article(f);
    else if (t == "article_revision") out.row = read_revision(f);
    else if (t == "article_redirect") out.row = read_redirect(f);
    else if (t == "live_update") out.row = read_live_update(f);
    else if (t == "old_path") out.row = read_old_path(f);
    else if (t == "comment") out.row = read_comment(f);
    else if (t == "import_source") out.row = read_import_source(f);
    else if (t == "report") out.row = read_report(f);
    else if (t == "ban") out.row = read_ban(f);
    else if (t == "audit") out.row = read_audit(f);
    else if (t == "thread_policy") out.row = read_policy(f);
    else if (t == "setting") out.row = read_setting(f);
    else if (t == "media") out.row = read_media(f);
    else if (t == "thread") out.row = read_thread(f);
    if (f.problem())
        return make_error(ErrorCode::kMalformed, "Bad export line", "a \"" + out.type + "\" line: " + *f.problem());
    return out;
}

}  // namespace tribune::portability
