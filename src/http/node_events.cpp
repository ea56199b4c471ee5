#include "http/node_events.hpp"

#include "render/coverage.hpp"
#include "service/live_notifier.hpp"

namespace tribune::http {

void NodeEvents::comment_changed(service::CommentChange what, const domain::Comment& c) {
    cache_.invalidate(c.page);
    lists_.clear();
    service::notify_live(bus_, store_, what, c);
}

// An article changed at the command line arrives as its thread's change (a notice names a page
// only), so the sitemaps are dropped here too.
void NodeEvents::thread_changed(const std::string& page) {
    cache_.invalidate(page);
    lists_.clear();
    sitemaps_.clear();
}

void NodeEvents::article_changed(const domain::Article& a) {
    cache_.invalidate(a.page_key());
    lists_.clear();
    sitemaps_.clear();
}

// The page's cached bodies drop here (and, on PostgreSQL, on every node as the event arrives);
// live readers get the update's markup as the page renders it.
void NodeEvents::live_update_changed(service::LiveUpdateChange what, const domain::Article& a,
                                     const domain::LiveUpdate& u) {
    cache_.invalidate(a.page_key());
    const std::string html = what == service::LiveUpdateChange::kDeleted ? std::string() : render::live_update_html(u);
    service::notify_live_update(bus_, a.page_key(), what, u, html);
}

// Like any save of the article, and its open pages show or drop the "Live" badge.
void NodeEvents::coverage_changed(const domain::Article& a) {
    article_changed(a);
    service::notify_live_coverage(bus_, a.page_key(), a.live);
}

}  // namespace tribune::http
