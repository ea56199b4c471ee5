#pragma once
// A node's caches of encoded answers, made the same way wherever a site is put together
// (app/serve.cpp, fuzz/request_site.cpp), with the one place that knows what each kind of change
// makes stale (NodeEvents for this node's changes, the bus for the other nodes').

#include <cstddef>
#include <string>

#include "http/thread_cache.hpp"

namespace tribune::http {

struct Caches {
    /// `pages` bounds the page cache; the lists and sitemaps get a quarter of its bytes and one
    /// entry per path (each is a few pages, one body each); the later list pages an eighth of
    /// its bytes and kLaterPagesPerList entries per list.
    explicit Caches(ThreadCacheLimits pages = {});

    /// Later pages (?cursor=) kept for one list; past it, the list's oldest goes first.
    static constexpr std::size_t kLaterPagesPerList = 16;

    ThreadCache pages;        // article and thread pages, under their page key (Services::cache)
    ThreadCache lists;        // home, section, tag and author pages, searches (Services::lists)
    ThreadCache later_lists;  // those lists' later pages, under the list's path (Services::later_lists)
    ThreadCache sitemaps;  // the sitemaps (Services::sitemaps)

    /// A comment on `page` changed: that page, and the lists with their later pages (their
    /// comment counts).
    void comment_changed(const std::string& page);
    /// An article, a thread's settings or an author's profile changed: that page, the lists
    /// (headings, bylines, what is listed) and the sitemaps.
    void page_changed(const std::string& page);
    /// Changes may have been missed (another node's, while the bus was away): everything.
    void clear_all();
};

}  // namespace tribune::http
