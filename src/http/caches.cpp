#include "http/caches.hpp"

namespace tribune::http {
namespace {

ThreadCacheLimits list_limits(ThreadCacheLimits pages) {
    pages.max_bytes /= 4;
    pages.max_entries_per_page = 1;
    return pages;
}

// A list's later pages share its path: the entries per path bound how many of one list are
// kept, and their own bytes keep a crawler's walk from pushing the first pages out.
ThreadCacheLimits later_list_limits(ThreadCacheLimits pages) {
    pages.max_bytes /= 8;
    pages.max_entries_per_page = Caches::kLaterPagesPerList;
    return pages;
}

}  // namespace

Caches::Caches(ThreadCacheLimits limits)
    : pages(limits), lists(list_limits(limits)), later_lists(later_list_limits(limits)), sitemaps(list_limits(limits)) {}

void Caches::comment_changed(const std::string& page) {
    pages.invalidate(page);
    lists.clear();
    later_lists.clear();
}

void Caches::page_changed(const std::string& page) {
    pages.invalidate(page);
    lists.clear();
    later_lists.clear();
    sitemaps.clear();
}

void Caches::clear_all() {
    pages.clear();
    lists.clear();
    later_lists.clear();
    sitemaps.clear();
}

}  // namespace tribune::http
