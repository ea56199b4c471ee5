#include "store/common/summary.hpp"

#include <cstdio>
#include <utility>

#include "store/common/store_export.hpp"

namespace tribune::store {
namespace {

constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
constexpr int kThreadBatchRows = 1000;

std::optional<std::int64_t> micros(const std::optional<domain::Time>& t) {
    return t ? std::optional<std::int64_t>(domain::to_micros(*t)) : std::nullopt;
}

std::int64_t flag(bool b) { return b ? 1 : 0; }

void difference(std::vector<std::string>& out, std::string_view what, std::int64_t a, std::int64_t b) {
    if (a == b) return;
    std::string line(what);
    line += ": ";
    line += std::to_string(a);
    line += " vs ";
    line += std::to_string(b);
    out.push_back(std::move(line));
}

}  // namespace

std::string checksum_hex(std::uint64_t checksum) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(checksum));
    return buf;
}

std::optional<std::uint64_t> parse_checksum_hex(std::string_view text) {
    if (text.size() != 16) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return std::nullopt;
        v = v * 16 + static_cast<std::uint64_t>(d);
    }
    return v;
}

void Fnv1a64::add_bytes(std::string_view bytes) {
    for (unsigned char c : bytes) {
        hash_ ^= c;
        hash_ *= kFnvPrime;
    }
}

void Fnv1a64::add(std::int64_t n) {
    const auto u = static_cast<std::uint64_t>(n);
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((u >> (8 * i)) & 0xff);
    add_bytes(std::string_view(bytes, 8));
}

void Fnv1a64::add(std::string_view s) {
    add(static_cast<std::int64_t>(s.size()));
    add_bytes(s);
}

void Fnv1a64::add(const std::optional<std::int64_t>& n) {
    add_bytes(n ? std::string_view("\1", 1) : std::string_view("\0", 1));
    if (n) add(*n);
}

void hash_names(Fnv1a64& h, const std::vector<domain::NamedRef>& names) {
    h.add(static_cast<std::int64_t>(names.size()));
    for (const auto& n : names) {
        h.add(n.name);
        h.add(n.slug);
    }
}

void hash_row(Fnv1a64& h, const domain::Article& a) {
    h.add_bytes("A");
    h.add(a.id);
    h.add(a.slug);
    h.add(a.title);
    h.add(a.summary);
    hash_names(h, a.authors);
    hash_names(h, a.section ? std::vector<domain::NamedRef>{*a.section} : std::vector<domain::NamedRef>{});
    hash_names(h, a.tags);
    h.add(a.body_markdown);
    h.add(domain::to_string(a.status));
    h.add(domain::to_micros(a.published_at));
    h.add(domain::to_micros(a.updated_at));
    h.add(domain::to_micros(a.created_at));
    h.add(std::int64_t{a.revision});
    h.add(a.page_key());
    h.add(std::int64_t{a.live ? 1 : 0});
    h.add(static_cast<std::int64_t>(a.corrections.size()));
    for (const auto& c : a.corrections) {
        h.add(c.id);
        h.add(domain::to_micros(c.at));
        h.add(c.by);
        h.add(c.text);
    }
    // Its review request, if any (domain::ReviewRequest).
    h.add_bytes(a.review ? std::string_view("\1", 1) : std::string_view("\0", 1));
    if (a.review) {
        h.add(domain::to_micros(a.review->requested_at));
        h.add(a.review->requested_by);
    }
    h.add_bytes(a.media ? std::string_view("\1", 1) : std::string_view("\0", 1));
    if (!a.media) return;
    h.add(a.media->kind);
    h.add(a.media->url);
    h.add(a.media->mime_type);
    h.add(std::int64_t{a.media->duration_seconds});
    h.add(a.media->caption);
    h.add(a.media->alt);
    h.add(a.media->credit);
    h.add(std::int64_t{a.media->width});
    h.add(std::int64_t{a.media->height});
}

void hash_row(Fnv1a64& h, const AuthorProfile& a) {
    h.add_bytes("W");
    h.add(a.id);
    h.add(a.slug);
    h.add(a.name);
    h.add(a.bio);
    h.add(a.photo_url);
    h.add(static_cast<std::int64_t>(a.links.size()));
    for (const auto& l : a.links) h.add(l);
    h.add(a.user_id);
}

void hash_row(Fnv1a64& h, const ArticleRevision& r) {
    h.add_bytes("V");
    h.add(r.id);
    h.add(r.article_id);
    h.add(std::int64_t{r.number});
    h.add(domain::to_micros(r.saved_at));
    h.add(r.saved_by);
    h.add(r.snapshot);
}

void hash_row(Fnv1a64& h, const domain::LiveUpdate& u) {
    h.add_bytes("U");
    h.add(u.id);
    h.add(u.article_id);
    h.add(domain::to_micros(u.posted_at));
    h.add(domain::to_micros(u.edited_at));
    h.add(u.posted_by);
    h.add(u.body_markdown);
    h.add(std::int64_t{u.pinned ? 1 : 0});
}

void hash_row(Fnv1a64& h, const ArticleRedirect& r) {
    h.add_bytes("D");
    h.add(r.old_slug);
    h.add(r.article_id);
}

void hash_row(Fnv1a64& h, const PathRedirect& r) {
    h.add_bytes("O");
    h.add(r.path);
    h.add(r.page);
}

void hash_row(Fnv1a64& h, const ImportSourceRow& r) {
    h.add_bytes("I");
    h.add(r.id);
    h.add(r.source);
    h.add(r.kind);
    h.add(r.source_id);
    h.add(r.local_id);
    h.add(r.page);
    h.add(r.pending_parent);
}

void hash_row(Fnv1a64& h, const CommentRecord& r) {
    const domain::Comment& c = r.comment;
    h.add_bytes("C");
    h.add(c.id);
    h.add(c.page);
    h.add(c.parent_id);
    h.add(c.author.name);
    h.add(domain::to_string(c.author.role));
    h.add(c.author.user_id);
    h.add(c.author_token_hash);
    h.add(c.text);
    h.add(domain::to_string(c.status));
    h.add(domain::to_micros(c.created_at));
    h.add(micros(c.edited_at));
    h.add(c.reply_count);
    h.add(c.ip_hash);
    h.add(c.filter_reason);
    h.add(std::int64_t{c.featured ? 1 : 0});
    h.add(r.author_email);
    if (r.notify != 0) h.add(std::int64_t{r.notify});  // stores from before notify sum as they did
    // Likewise for the author's badge and verified mark (stores from before reader identity).
    if (!c.author.badge.empty() || c.author.verified) {
        h.add_bytes("A");
        h.add(c.author.badge);
        h.add(flag(c.author.verified));
    }
    h.add(static_cast<std::int64_t>(r.edits.size()));
    for (const domain::CommentEdit& e : r.edits) {
        h.add_bytes("E");
        h.add(e.text);
        h.add(domain::to_micros(e.replaced_at));
        h.add(e.edited_by);
    }
}

void hash_row(Fnv1a64& h, const domain::User& u) {
    h.add_bytes("U");
    h.add(u.id);
    h.add(u.email);
    h.add(u.name);
    h.add(domain::to_string(u.role));
    h.add(u.password_hash);
    h.add(domain::to_micros(u.created_at));
    h.add(flag(u.disabled));
    // Only when set, so stores from before reader identity sum as they did.
    if (u.email_verified || !u.badge.empty()) {
        h.add_bytes("V");
        h.add(flag(u.email_verified));
        h.add(u.badge);
    }
}

void hash_row(Fnv1a64& h, const domain::Report& r) {
    h.add_bytes("R");
    h.add(r.id);
    h.add(r.comment_id);
    h.add(r.reason);
    h.add(r.reporter);
    h.add(domain::to_micros(r.created_at));
    h.add(flag(r.resolved));
}

void hash_row(Fnv1a64& h, const domain::Ban& b) {
    h.add_bytes("B");
    h.add(b.id);
    h.add(domain::to_string(b.kind));
    h.add(b.value);
    h.add(b.reason);
    h.add(b.created_by);
    h.add(domain::to_micros(b.created_at));
    h.add(micros(b.expires_at));
    h.add(flag(b.lifted));
}

void hash_row(Fnv1a64& h, const domain::AuditEntry& e) {
    h.add_bytes("L");
    h.add(e.id);
    h.add(domain::to_micros(e.at));
    h.add(e.actor_user_id);
    h.add(e.actor);
    h.add(e.action);
    h.add(e.target);
    h.add(e.before);
    h.add(e.after);
}

void hash_row(Fnv1a64& h, const domain::ThreadPolicy& p) {
    h.add_bytes("P");
    h.add(p.page);
    h.add_bytes(p.moderation ? std::string_view("\1", 1) : std::string_view("\0", 1));
    if (p.moderation) h.add(domain::to_string(*p.moderation));
    h.add(flag(p.closed));
    h.add(p.auto_close_days ? std::optional<std::int64_t>(*p.auto_close_days) : std::nullopt);
    if (p.signin_required) h.add(flag(*p.signin_required));  // only when set, as above
}

void hash_row(Fnv1a64& h, const Setting& kv) {
    h.add_bytes("S");
    h.add(kv.key);
    h.add(kv.value);
}

void hash_row(Fnv1a64& h, const ThreadCount& t) {
    h.add_bytes("T");
    h.add(t.page);
    h.add(t.approved);
}

Result<StoreSummary> summarize_store(TransferStore& store, int batch_rows) {
    StoreSummary out;
    auto read = store.in_export_snapshot([&](ExportReader& snapshot) -> Result<void> {
        auto s = summarize(snapshot, batch_rows);
        if (!s) return s.error();
        out = *s;
        return {};
    });
    if (!read) return read.error();
    return out;
}

Result<StoreSummary> summarize(ExportReader& store, int batch_rows) {
    StoreSummary s;
    Fnv1a64 h;
    StoreExport rows(store, batch_rows);
    for (;;) {
        auto batch = rows.next();
        if (!batch) return batch.error();
        if (!*batch) break;
        std::visit(
            [&](const auto& list) {
                for (const auto& row : list) {
                    count_row(s, row);
                    hash_row(h, row);
                }
            },
            **batch);
    }
    std::string after;
    for (;;) {
        auto threads = store.export_thread_counts(after, kThreadBatchRows);
        if (!threads) return threads.error();
        for (const ThreadCount& t : *threads) hash_row(h, t);
        s.threads += static_cast<std::int64_t>(threads->size());
        if (threads->size() < static_cast<std::size_t>(kThreadBatchRows)) break;
        after = threads->back().page;
    }
    s.checksum = h.value();
    return s;
}

std::vector<std::string> summary_differences(const StoreSummary& a, const StoreSummary& b) {
    std::vector<std::string> out;
    for (const SummaryCount& c : kSummaryCounts) difference(out, c.name, a.*c.member, b.*c.member);
    if (a.checksum != b.checksum) {
        std::string line("checksum: ");
        line += checksum_hex(a.checksum);
        line += " vs ";
        line += checksum_hex(b.checksum);
        out.push_back(std::move(line));
    }
    return out;
}

std::string describe(const StoreSummary& s) {
    // Appends, not operator+ chains: g++ 12 warns falsely on those at -O3 (PR105329).
    std::string out;
    for (const SummaryCount& c : kSummaryCounts) {
        out += std::to_string(s.*c.member);
        out += ' ';
        out += c.name;
        out += ", ";
    }
    out += "checksum ";
    out += checksum_hex(s.checksum);
    return out;
}

}  // namespace tribune::store
