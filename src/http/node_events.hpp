#pragma once
// Where a running node sends the effects of a committed change (service::EventSink): this
// node's cached pages are dropped at once, and the change goes on the bus, which carries it to
// every node: comments to the live readers (and, on PostgreSQL, the other nodes drop the page),
// changed pages (articles, thread settings, author profiles) to the other nodes' caches.

#include "http/caches.hpp"
#include "live/bus.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::http {

class NodeEvents final : public service::EventSink {
public:
    NodeEvents(Caches& caches, live::Bus& bus, store::Store& store) : caches_(caches), bus_(bus), store_(store) {}

    void comment_changed(service::CommentChange what, const domain::Comment& c) override;
    void thread_changed(const std::string& page) override;
    void article_changed(const domain::Article& a) override;
    void live_update_changed(service::LiveUpdateChange what, const domain::Article& a, const domain::LiveUpdate& u) override;
    void coverage_changed(const domain::Article& a) override;

private:
    Caches& caches_;
    live::Bus& bus_;
    store::Store& store_;
};

}  // namespace tribune::http
