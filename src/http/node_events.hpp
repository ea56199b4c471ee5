#pragma once
// Where a running node sends the effects of a committed change (service::EventSink): this
// node's cached pages are dropped at once, and the change goes on the bus, which carries it to
// every node's live readers (and, on PostgreSQL, drops the other nodes' cached pages).

#include "http/thread_cache.hpp"
#include "live/bus.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::http {

class NodeEvents final : public service::EventSink {
public:
    NodeEvents(ThreadCache& cache, ThreadCache& lists, ThreadCache& sitemaps, live::Bus& bus, store::Store& store)
        : cache_(cache), lists_(lists), sitemaps_(sitemaps), bus_(bus), store_(store) {}

    void comment_changed(service::CommentChange what, const domain::Comment& c) override;
    void thread_changed(const std::string& page) override;
    void article_changed(const domain::Article& a) override;
    void live_update_changed(service::LiveUpdateChange what, const domain::Article& a, const domain::LiveUpdate& u) override;
    void coverage_changed(const domain::Article& a) override;

private:
    ThreadCache& cache_;
    ThreadCache& lists_;
    ThreadCache& sitemaps_;
    live::Bus& bus_;
    store::Store& store_;
};

}  // namespace tribune::http
