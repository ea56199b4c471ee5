#pragma once
// Changes made outside a running node, on their way to the running nodes: the command line
// leaves a notice in the store after each change (NoticeSink), and every running node takes the
// notices every second (publish_outside_changes) and publishes each like its own change, so
// caches drop the page and live readers see it, on every node.

#include <optional>
#include <string>

#include "domain/error.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// The command line's event sink: a notice per change. A notice that cannot be stored is kept
/// as `failure` (the change itself is committed; the running nodes then show it after their
/// caches expire or a reload).
class NoticeSink final : public EventSink {
public:
    NoticeSink(store::NoticeStore& store, const domain::Clock& clock) : store_(store), clock_(clock) {}

    void comment_changed(CommentChange what, const domain::Comment& c) override;
    void thread_changed(const std::string& page) override;
    void article_changed(const domain::Article& a) override;

    std::optional<domain::Error> failure;

private:
    store::NoticeStore& store_;
    const domain::Clock& clock_;
};

/// Takes the waiting notices (at most `limit`) and reports each through ctx.events with the
/// comment as it is now. Returns how many were taken. A notice whose comment is gone (erased
/// since) still drops its page.
domain::Result<int> publish_outside_changes(Context& ctx, int limit = 100);

}  // namespace tribune::service
