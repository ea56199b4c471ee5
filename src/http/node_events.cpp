#include "http/node_events.hpp"

#include "render/coverage.hpp"
#include "service/live_notifier.hpp"

namespace tribune::http {

// The other nodes drop the page when the event arrives through the bus (app/serve.cpp).
void NodeEvents::comment_changed(service::CommentChange what, const domain::Comment& c) {
    caches_.comment_changed(c.page);
    service::notify_live(bus_, store_, what, c);
}

// A thread's settings, an author's profile, or an article changed at the command line (a
// notice names a page only): the page, the lists and the sitemaps, here and on every node.
void NodeEvents::thread_changed(const std::string& page) {
    caches_.page_changed(page);
    bus_.page_changed(page);
}

void NodeEvents::article_changed(const domain::Article& a) { thread_changed(a.page_key()); }

// The page's cached bodies drop here and, as the update's event arrives, on every node (as a
// comment's do); live readers get the update's markup as the page renders it.
void NodeEvents::live_update_changed(service::LiveUpdateChange what, const domain::Article& a,
                                     const domain::LiveUpdate& u) {
    caches_.comment_changed(a.page_key());
    const std::string html = what == service::LiveUpdateChange::kDeleted ? std::string() : render::live_update_html(u);
    service::notify_live_update(bus_, a.page_key(), what, u, html);
}

// Like any save of the article, and its open pages show or drop the "Live" badge.
void NodeEvents::coverage_changed(const domain::Article& a) {
    article_changed(a);
    service::notify_live_coverage(bus_, a.page_key(), a.live);
}

}  // namespace tribune::http
