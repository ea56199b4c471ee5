#pragma once
// A real SQLite store for the importers of other systems' formats: run a reader into a
// CommentImport, then look at what it stored by the source's ids.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "portability/comment_import.hpp"
#include "service/service_fixture.hpp"

namespace tribune::portability::testing {

class CommentImportTest : public service::testing::ServiceTest {
protected:
    using Read = std::function<domain::Result<void>(CommentImport&)>;

    /// Runs `read` into a fresh import of `source` and finishes it; the reader's error, if any.
    /// `stop`: the import's stop flag (CommentImportOptions::stop).
    domain::Result<ImportCounts> run(const std::string& source, const Read& read, bool dry_run = false,
                                     const std::atomic<bool>* stop = nullptr) {
        CommentImportOptions o;
        o.source = source;
        o.dry_run = dry_run;
        o.stop = stop;
        o.per_thread = true;
        // Stands in for the keyed hash: anything that looks like an address gets one.
        o.hash_address = [](std::string_view ip) -> std::string {
            return ip.find_first_of(".:") == std::string_view::npos ? std::string() : "hash:" + std::string(ip);
        };
        auto context = ctx();
        CommentImport import(context, std::move(o));
        if (auto r = read(import); !r) return r.error();
        auto counts = import.finish();
        if (counts) per_thread = import.per_thread();
        return counts;
    }

    /// The comment stored for `source_id`, nullopt when none was.
    std::optional<domain::Comment> imported(const std::string& source, const std::string& source_id) {
        auto ids = db->imported_comments(source, {source_id});
        EXPECT_TRUE(ids) << ids.error().message;
        if (!ids || !(*ids)[0]) return std::nullopt;
        auto c = db->get_comment(*(*ids)[0]);
        EXPECT_TRUE(c) << c.error().message;
        return c ? std::optional<domain::Comment>(*c) : std::nullopt;
    }

    bool closed(const std::string& page) {
        auto p = db->get_thread_policy(page);
        EXPECT_TRUE(p) << p.error().message;
        return p && *p && (*p)->closed;
    }

    /// The email stored with comment `id` (never shown by any API, so read from the file).
    std::string email_of(domain::CommentId id) {
        sqlite3* raw = nullptr;
        sqlite3_open_v2((dir.path() / "t.db").c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
        std::unique_ptr<sqlite3, decltype(&sqlite3_close)> file(raw, &sqlite3_close);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(raw, "SELECT author_email FROM comments WHERE id = ?", -1, &s, nullptr);
        sqlite3_bind_int64(s, 1, id);
        std::string email;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            email = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return email;
    }

    std::map<std::string, ImportCounts> per_thread;
};

}  // namespace tribune::portability::testing
