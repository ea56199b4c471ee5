#pragma once
// One page's replay log: the comment events kept so that a stream reconnecting with the last id
// it saw resumes without a gap, each encoded once in the forms readers may get, and the page's
// latest count. A resume point older than what is kept gets a reset instead.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "domain/comment.hpp"
#include "domain/viewer.hpp"
#include "live/comment_event.hpp"
#include "live/subscriber.hpp"

namespace tribune::live {

/// Not thread-safe: the page's channel lock guards it. Times are passed in (steady clock).
class ReplayLog {
public:
    using Clock = std::chrono::steady_clock;

    /// One kept event in the forms it goes out in.
    struct Entry {
        std::uint64_t id = 0;
        Clock::time_point at{};
        domain::Comment comment;
        FramePtr visible;  // for viewers who may see `comment`
        FramePtr hidden;   // for those who may not but saw it before (a deletion); null: nothing
    };

    /// An event ready to deliver, then to keep with append().
    struct Prepared {
        Entry entry;
        Outgoing count;  // the count change that goes with it (null frame: none)
    };

    /// Events up to `dropped_through` are not kept: a resume point below it gets a reset.
    explicit ReplayLog(std::uint64_t dropped_through = 0) : dropped_through_(dropped_through) {}

    /// Encodes `event` as `id`, happened `at`. When it changes the page's count, the count
    /// becomes the latest one under count_id() (called only then). The hidden form exists only
    /// when readers could see the comment before: the count dropped, or is not known.
    Prepared prepare(std::uint64_t id, Clock::time_point at, const CommentEvent& event,
                     const std::function<std::uint64_t()>& count_id);

    /// Keeps a prepared entry (ids grow). `removes_earlier`: the comment's earlier events go
    /// first. Then the oldest go while more than `max_entries` are kept.
    void append(Entry entry, bool removes_earlier, std::size_t max_entries);

    /// What a stream resuming after `last_event_id` gets, appended to `out`: a reset when some
    /// events after it are no longer kept, else the kept ones after it in the form `viewer` may
    /// see, with the latest count in id order.
    void resume(const domain::Viewer& viewer, std::uint64_t last_event_id, std::vector<Outgoing>& out) const;

    /// Up to which id a new stream has everything as its viewer saw it: its resume point when
    /// that is served, else (fresh, or reset) the newest event kept, or what is not.
    std::uint64_t position_for(std::optional<std::uint64_t> last_event_id) const;

    /// The events after `since` that `after` may see and `before` could not, in id order (a
    /// viewer changing, e.g. an author proving their token). Only each comment's latest kept
    /// event counts: an earlier one must not undo a later one the stream already has.
    std::vector<Outgoing> missed(const domain::Viewer& before, const domain::Viewer& after,
                                 std::uint64_t since) const;

    /// The newest id kept; nullopt when nothing is.
    std::optional<std::uint64_t> newest() const;

    /// Drops the events older than `window` at `now`, and those up to `cut` (0: none), oldest
    /// first.
    void trim(Clock::time_point now, Clock::duration window, std::uint64_t cut);

    /// Events up to `position` may be lost: resume points below it get a reset.
    void forget_through(std::uint64_t position);

    /// Ids start above `position` (nothing kept yet): resume points below it get a reset.
    void start_at(std::uint64_t position);

    /// Events up to this id are no longer kept.
    std::uint64_t dropped_through() const { return dropped_through_; }
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }

    /// The memory an entry holds, for the byte budget (ReplayBudget).
    static std::size_t bytes(const Entry& entry);

private:
    std::deque<Entry> entries_;
    std::uint64_t dropped_through_;
    std::optional<std::int64_t> total_;  // the page's latest approved count, if known
    std::uint64_t total_event_id_ = 0;
    FramePtr total_frame_;
};

}  // namespace tribune::live
