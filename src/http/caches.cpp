#include "http/caches.hpp"

namespace tribune::http {
namespace {

ThreadCacheLimits list_limits(ThreadCacheLimits pages) {
    pages.max_bytes /= 4;
    pages.max_entries_per_page = 1;
    return pages;
}

}  // namespace

Caches::Caches(ThreadCacheLimits limits) : pages(limits), lists(list_limits(limits)), sitemaps(list_limits(limits)) {}

void Caches::comment_changed(const std::string& page) {
    pages.invalidate(page);
    lists.clear();
}

void Caches::page_changed(const std::string& page) {
    pages.invalidate(page);
    lists.clear();
    sitemaps.clear();
}

void Caches::clear_all() {
    pages.clear();
    lists.clear();
    sitemaps.clear();
}

}  // namespace tribune::http
