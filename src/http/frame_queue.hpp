#pragma once
// The outgoing frames of one live stream, bounded so a slow reader can't hold memory or slow
// the fan-out. Frames replayed when the stream starts don't count against the bound: a reader
// resuming after a gap must get them all.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace tribune::http {

class FrameQueue {
public:
    /// Queues `frame`; false (nothing queued) when `limit` live frames are already waiting.
    bool push(std::shared_ptr<const std::string> frame, bool replayed, std::size_t limit) {
        if (!replayed && queue_.size() - replayed_ >= limit) return false;
        queue_.push_back(Entry{std::move(frame), replayed});
        if (replayed) ++replayed_;
        return true;
    }
    const std::string& front() const { return *queue_.front().frame; }
    void pop() {
        if (queue_.front().replayed) --replayed_;
        queue_.pop_front();
    }
    bool empty() const { return queue_.empty(); }
    std::size_t size() const { return queue_.size(); }

private:
    struct Entry {
        std::shared_ptr<const std::string> frame;
        bool replayed;
    };
    std::deque<Entry> queue_;
    std::size_t replayed_ = 0;
};

}  // namespace tribune::http
