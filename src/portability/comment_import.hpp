#pragma once
// The part every comment importer shares: threads and comments arrive one at a time, in file
// order; they are stored in batches (store/import_store.hpp), replies whose parent comes later
// are settled at the end, closed threads closed, the running nodes told, and the report kept.
// A dry run reads the same way and stores nothing.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "portability/import_report.hpp"
#include "portability/page_keys.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/import_store.hpp"

namespace tribune::portability {

struct CommentImportOptions {
    std::string source;  // "disqus", ...: ids are remembered per source
    bool dry_run = false;
    /// Whom what the import makes is recorded under (a WordPress post's article and its first
    /// revision): the desk's admin, or the command-line operator.
    service::Actor actor = service::Actor::command_line_operator();
    bool per_thread = false;  // keep counts per thread (the --report file): memory grows with threads
    PageKeyRules page_keys;
    /// Tribune's keyed hash of an address's network, "" when it is not an address.
    std::function<std::string(std::string_view)> hash_address;
    /// Hears the number of items read now and then (progress).
    std::function<void(std::int64_t)> progress;
    /// When set and true (the server stops, the admin cancels), the next add_thread or
    /// add_comment refuses with import_stopped(): every reader stops between two items.
    const std::atomic<bool>* stop = nullptr;
};

/// The error of an import stopped on request (CommentImportOptions::stop): kUnavailable.
domain::Error import_stopped();

/// A thread as the source describes it.
struct SourceThread {
    std::string id;
    std::string url;
    bool closed = false;
};

/// A comment as the source describes it; `text` is already plain text.
struct SourceComment {
    std::string id;
    std::string thread_id;
    std::string parent_id;
    std::string author_name;
    std::string author_email;
    std::string ip_address;
    std::string text;
    domain::CommentStatus status = domain::CommentStatus::kApproved;
    domain::Time created_at{};
};

class CommentImport {
public:
    CommentImport(service::Context& ctx, CommentImportOptions options);

    domain::Result<void> add_thread(const SourceThread& thread);
    domain::Result<void> add_comment(SourceComment comment);
    /// Counts an item left out (a pingback, a page...) under `note`.
    void skip(ImportNote note, const std::string& page = {});
    /// Counts an article made from the file (WordPress posts).
    void count_article() { ++total_.articles; }
    /// Stores what is left, settles late parents, closes closed threads, tells the running nodes.
    domain::Result<ImportCounts> finish();

    /// Names the site the file comes from (an Isso installation's key, a WordPress site's
    /// address) when its ids are only unique within it: ids are then remembered under
    /// "<source>:<site>", so two sites' comment 12 stay apart. Called before the first thread or
    /// comment (the last call counts); a blank site keeps the source alone.
    void set_site(std::string_view site);
    /// set_site for a site known only by a secret of its own (Isso's cookie-signing key): only a
    /// hash of it is ever kept, never the secret.
    void set_site_by_secret(std::string_view secret);
    /// What ids are remembered under ("isso", "isso:<site>"...).
    const std::string& source() const { return options_.source; }

    const std::map<std::string, ImportCounts>& per_thread() const { return per_thread_; }
    /// Whether anything reached the store yet (an import that stops half way keeps it).
    bool stored_anything() const { return stored_; }
    /// Whether the import was asked to stop (CommentImportOptions::stop).
    bool stopped() const { return options_.stop && options_.stop->load(); }
    bool dry_run() const { return options_.dry_run; }
    const service::Actor& actor() const { return options_.actor; }
    /// The services the import stores through (a WordPress import makes articles with them).
    service::Context& context() { return ctx_; }

private:
    domain::Result<void> flush();
    ImportCounts& thread_counts(const std::string& page);

    service::Context& ctx_;
    CommentImportOptions options_;
    std::string source_base_;  // the format ("isso"): set_site adds the site to it
    ImportCounts total_;
    std::map<std::string, ImportCounts> per_thread_;
    std::vector<store::ImportedThread> threads_;
    std::vector<std::string> closed_pages_;
    std::vector<SourceComment> batch_;
    std::int64_t read_ = 0;
    bool begun_ = false;  // a thread or comment came: the source key is settled
    bool stored_ = false;
    // A dry run stores nothing, so it keeps what the store would: thread pages, comment ids seen.
    std::map<std::string, std::string> dry_threads_;
    std::unordered_set<std::string> dry_seen_;
    std::vector<std::pair<std::string, std::string>> dry_pending_;  // (parent id, page)
};

}  // namespace tribune::portability
