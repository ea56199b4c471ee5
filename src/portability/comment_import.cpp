#include "portability/comment_import.hpp"

#include <sodium.h>

#include <algorithm>
#include <set>
#include <utility>

#include "domain/comment_text.hpp"
#include "domain/email_address.hpp"
#include "domain/utf8.hpp"

namespace tribune::portability {
namespace {

// A site as part of a source key: without scheme and trailing slash (as given otherwise: a site
// address's host is lower-cased by whoever reads it); a long or odd
// one (control characters, not UTF-8) as a hash, so the key stays short and printable.
// "h" and 32 hex digits of BLAKE2b over `text`.
std::string hashed_site(std::string_view text) {
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    char hex[2 * sizeof hash + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return std::string("h") + hex;
}

std::string source_site_key(std::string_view site) {
    while (!site.empty() && (site.front() == ' ' || site.front() == '\t')) site.remove_prefix(1);
    while (!site.empty() && (site.back() == ' ' || site.back() == '\t' || site.back() == '/')) site.remove_suffix(1);
    for (std::string_view scheme : {"https://", "http://"})
        if (site.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), site.begin(), [](char a, char b) {
                return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
            }))
            site.remove_prefix(scheme.size());
    std::string key;
    bool odd = site.size() > 128 || !domain::is_valid_utf8(site);
    for (char c : site) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) odd = true;
        key += c;
    }
    return odd ? hashed_site(site) : key;
}

constexpr std::size_t kBatch = 500;  // comments per store transaction
constexpr std::size_t kMaxNameBytes = 200;

// A name as one line of text: controls dropped, white space collapsed, bounded at a character
// boundary; "No Name" when nothing is left.
std::string clean_name(std::string_view name) {
    std::string out;
    bool space = false;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    if (out.size() > kMaxNameBytes) {
        std::size_t cut = kMaxNameBytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    if (out.empty() || !domain::is_valid_utf8(out)) return "No Name";
    return out;
}

// Text keeps its line breaks and tabs; other controls go.
std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text)
        if (c >= 0x20 || c == '\n' || c == '\t') out += static_cast<char>(c == 0x7f ? ' ' : c);
    return out;
}

}  // namespace

domain::Error import_stopped() {
    return domain::make_error(domain::ErrorCode::kUnavailable, "Import stopped",
                              "the import was stopped before the end of the file");
}

CommentImport::CommentImport(service::Context& ctx, CommentImportOptions options)
    : ctx_(ctx), options_(std::move(options)), source_base_(options_.source) {}

void CommentImport::set_site(std::string_view site) {
    const std::string key = source_site_key(site);
    if (key.empty() || begun_) return;
    options_.source = source_base_;
    options_.source += ':';
    options_.source += key;
}

void CommentImport::set_site_by_secret(std::string_view secret) {
    if (secret.find_first_not_of(" \t") == std::string_view::npos) return;
    set_site(hashed_site(secret));
}

ImportCounts& CommentImport::thread_counts(const std::string& page) {
    static thread_local ImportCounts ignored;
    if (!options_.per_thread) {
        ignored = {};
        return ignored;
    }
    return per_thread_[page];
}

void CommentImport::skip(ImportNote note, const std::string& page) {
    ++total_.note(note);
    if (!page.empty()) ++thread_counts(page).note(note);
}

domain::Result<void> CommentImport::add_thread(const SourceThread& thread) {
    if (stopped()) return import_stopped();
    begun_ = true;
    const std::string page = page_key_of(thread.url, options_.page_keys);
    if (thread.id.empty() || page.empty() || !domain::validate_page_key(page, ctx_.rules.limits)) {
        skip(ImportNote::kInvalid);
        return {};
    }
    if (options_.dry_run) {
        if (dry_threads_.emplace(thread.id, page).second) ++total_.threads;
        return {};
    }
    if (thread.closed) {
        // Closed once, when the thread is first imported: a moderator who reopens it later is not
        // overruled by importing the file again.
        auto known = ctx_.store.thread_pages(options_.source, {thread.id});
        if (!known) return known.error();
        if (!(*known)[0]) {
            auto policy = ctx_.store.get_thread_policy(page);
            if (!policy) return policy.error();
            domain::ThreadPolicy p =
                policy->value_or(domain::ThreadPolicy{page, std::nullopt, false, std::nullopt, std::nullopt});
            if (!p.closed) {
                p.closed = true;
                if (auto r = ctx_.store.put_thread_policy(p); !r) return r;
                stored_ = true;
                ctx_.events.thread_changed(page);
            }
        }
    }
    threads_.push_back({thread.id, page});
    if (threads_.size() >= kBatch) return flush();
    return {};
}

domain::Result<void> CommentImport::add_comment(SourceComment comment) {
    if (stopped()) return import_stopped();
    begun_ = true;
    if (++read_ % 1000 == 0 && options_.progress) options_.progress(read_);
    if (comment.id.empty()) {
        skip(ImportNote::kInvalid);
        return {};
    }
    comment.text = clean_text(comment.text);
    if (comment.text.empty() && comment.status != domain::CommentStatus::kDeleted) {
        skip(ImportNote::kEmptyText);
        return {};
    }
    batch_.push_back(std::move(comment));
    if (batch_.size() >= kBatch) return flush();
    return {};
}

domain::Result<void> CommentImport::flush() {
    if (!threads_.empty()) {
        auto added = ctx_.store.remember_threads(options_.source, threads_);
        if (!added) return added.error();
        stored_ = true;
        total_.threads += *added;
        threads_.clear();
    }
    if (batch_.empty()) return {};
    auto batch = std::move(batch_);
    batch_.clear();
    // Threads list comments in id order: stored oldest first within a batch, a file's small
    // disorders (a reply written out before its parent) do not show, and parents come first.
    std::stable_sort(batch.begin(), batch.end(),
                     [](const SourceComment& a, const SourceComment& b) { return a.created_at < b.created_at; });

    // The page of each comment's thread.
    std::vector<std::string> thread_ids;
    for (const auto& c : batch) thread_ids.push_back(c.thread_id);
    std::vector<std::optional<std::string>> pages;
    if (options_.dry_run) {
        for (const auto& id : thread_ids) {
            auto it = dry_threads_.find(id);
            pages.push_back(it == dry_threads_.end() ? std::nullopt : std::optional<std::string>(it->second));
        }
    } else {
        auto found = ctx_.store.thread_pages(options_.source, thread_ids);
        if (!found) return found.error();
        pages = std::move(*found);
    }

    std::vector<store::ImportedComment> rows;
    rows.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        auto& c = batch[i];
        if (!pages[i]) {
            skip(ImportNote::kUnknownThread);
            continue;
        }
        store::ImportedComment row;
        row.source_id = std::move(c.id);
        row.page = *pages[i];
        row.parent_source_id = std::move(c.parent_id);
        row.author_name = clean_name(c.author_name);
        // Kept only when it looks like an address, in the form a privacy request names it by.
        row.author_email = domain::canonical_email(c.author_email).value_or("");
        row.text = std::move(c.text);
        row.status = c.status;
        row.created_at = c.created_at;
        if (!c.ip_address.empty() && options_.hash_address) row.ip_hash = options_.hash_address(c.ip_address);
        if (row.status == domain::CommentStatus::kDeleted) {
            // As a deletion here leaves it: a tombstone names no one and keeps nothing of its author.
            row.author_name.clear();
            row.author_email.clear();
            row.ip_hash.clear();
            row.text.clear();
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty()) return {};

    if (options_.dry_run) {
        std::vector<std::string> ids;
        for (const auto& r : rows) ids.push_back(r.source_id);
        auto earlier = ctx_.store.imported_comments(options_.source, ids);
        if (!earlier) return earlier.error();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if ((*earlier)[i] || !dry_seen_.insert(rows[i].source_id).second) {
                skip(ImportNote::kAlreadyImported, rows[i].page);
                continue;
            }
            ++total_.comments;
            ++thread_counts(rows[i].page).comments;
            if (!rows[i].parent_source_id.empty())
                dry_pending_.emplace_back(rows[i].parent_source_id, rows[i].page);
        }
        return {};
    }

    auto stored = ctx_.store.add_imported_comments(options_.source, rows);
    if (!stored) return stored.error();
    stored_ = true;
    std::set<std::string> touched;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!(*stored)[i].added) {
            skip(ImportNote::kAlreadyImported, rows[i].page);
            continue;
        }
        ++total_.comments;
        ++thread_counts(rows[i].page).comments;
        touched.insert(rows[i].page);
    }
    for (const auto& page : touched) ctx_.events.thread_changed(page);
    return {};
}

domain::Result<ImportCounts> CommentImport::finish() {
    if (auto r = flush(); !r) return r.error();
    if (options_.progress) options_.progress(read_);
    if (options_.dry_run) {
        // A parent counts when the file or an earlier import holds it.
        for (const auto& [parent, page] : dry_pending_) {
            if (dry_seen_.contains(parent)) continue;
            auto earlier = ctx_.store.imported_comments(options_.source, {parent});
            if (!earlier) return earlier.error();
            if (!(*earlier)[0]) skip(ImportNote::kMissingParent, page);
        }
        return total_;
    }
    domain::CommentId after = 0;
    for (;;) {
        auto pending = ctx_.store.pending_parents(options_.source, after, 200);
        if (!pending) return pending.error();
        if (pending->empty()) break;
        for (const auto& p : *pending) {
            auto found = ctx_.store.settle_parent(options_.source, p);
            if (!found) return found.error();
            auto c = ctx_.store.get_comment(p.id);
            if (!c) return c.error();
            if (!*found) skip(ImportNote::kMissingParent, c->page);
            ctx_.events.thread_changed(c->page);
            after = p.id;
        }
    }
    return total_;
}

}  // namespace tribune::portability
