#include "http/node_events.hpp"

#include "service/live_notifier.hpp"

namespace tribune::http {

void NodeEvents::comment_changed(service::CommentChange what, const domain::Comment& c) {
    cache_.invalidate(c.page);
    lists_.clear();
    service::notify_live(bus_, store_, what, c);
}

void NodeEvents::thread_changed(const std::string& page) {
    cache_.invalidate(page);
    lists_.clear();
}

void NodeEvents::article_changed(const domain::Article& a) {
    cache_.invalidate(a.page_key());
    lists_.clear();
}

}  // namespace tribune::http
