#pragma once
// What every use case works with: the store, the clock, the rules configuration sets, the
// per-node safeguards, and the sink that hears about every committed change.

#include <chrono>
#include <string>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/limits.hpp"
#include "domain/live_update.hpp"
#include "domain/policy.hpp"
#include "domain/time.hpp"
#include "service/identity_config.hpp"
#include "service/safeguards.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// What happened to a comment, for caches and live readers.
enum class CommentChange { kCreated, kUpdated, kDeleted };

/// What happened to a live-coverage update (service/live_coverage.hpp).
enum class LiveUpdateChange { kPosted, kEdited, kDeleted };

/// Hears every committed change, after the commit: the server drops cached pages and tells live
/// readers on every node; the command line hands the change to the running nodes (app/).
class EventSink {
public:
    virtual ~EventSink() = default;
    /// `c` as it is now; for kDeleted as it was before, since who could see it then is who may
    /// hear that it is gone.
    virtual void comment_changed(CommentChange what, const domain::Comment& c) = 0;
    /// A thread's settings changed (closed, moderation): its cached pages are stale.
    virtual void thread_changed(const std::string& page) = 0;
    /// An article was saved (any field, any status): its cached pages are stale.
    virtual void article_changed(const domain::Article& a) = 0;
    /// A live update of `a` was posted, edited or deleted (`u` as it was, for kDeleted): the
    /// article's cached pages are stale and its live readers hear of it. By default only the
    /// former (the command line posts no updates).
    virtual void live_update_changed(LiveUpdateChange /*what*/, const domain::Article& a, const domain::LiveUpdate& /*u*/) {
        article_changed(a);
    }
    /// The live coverage of `a` started or ended (a.live as it is now): its cached pages are stale
    /// and its live readers see the "Live" badge come or go. By default only the former.
    virtual void coverage_changed(const domain::Article& a) { article_changed(a); }
};

/// What configuration tells the use cases.
struct Rules {
    domain::Limits limits;
    domain::InstallPolicy policy;  // defaults until an admin changes them at the desk
    std::chrono::seconds session_lifetime{14 * 24 * 3600};
    std::chrono::seconds staff_idle{2 * 3600};  // a staff session unused this long ends (0: never)
    std::size_t media_max_bytes = 100 << 20;    // the largest media upload (service/media.cpp)
    bool webhooks_allow_private = false;        // endpoints may be loopback or private addresses (tests, intranets)
    IdentityConfig identity;                    // how readers may sign in
};

struct Context {
    store::Store& store;
    const domain::Clock& clock;
    const Rules& rules;
    Safeguards& guards;
    EventSink& events;

    void changed(CommentChange what, const domain::Comment& c) { events.comment_changed(what, c); }
};

}  // namespace tribune::service
