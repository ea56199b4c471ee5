#pragma once
// The outgoing bytes of one live stream, bounded in frames and in bytes so a slow reader can't
// hold memory or slow the fan-out. The bytes are mostly shared (one live::Frame for every
// reader), but a reader that stops reading keeps them alive after the hub has let them go.
// Frames replayed when the stream starts don't count against the bound: a reader resuming
// after a gap must get them all.

#include <boost/asio/buffer.hpp>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

namespace tribune::http {

class FrameQueue {
public:
    struct Limits {
        std::size_t frames;
        std::size_t bytes;
    };

    /// Queues `bytes`, kept alive by `owner` (often one buffer shared by every stream); false
    /// (nothing queued) when the live frames waiting would pass `limits`.
    bool push(std::shared_ptr<const void> owner, std::string_view bytes, bool replayed, Limits limits) {
        return push_parts(std::move(owner), {bytes}, replayed, limits);
    }

    /// Queues one frame written from several pieces (an SSE event: its `id:`/`data:` prefix, the
    /// shared JSON, the blank line), all kept alive by `owner`; counted as one frame.
    bool push_parts(std::shared_ptr<const void> owner, std::initializer_list<std::string_view> parts, bool replayed,
                    Limits limits) {
        std::size_t bytes = 0;
        for (auto p : parts) bytes += p.size();
        // A frame larger than the byte bound still goes to a reader that has nothing waiting.
        if (!replayed &&
            (live_frames_ >= limits.frames || (live_bytes_ > 0 && live_bytes_ + bytes > limits.bytes)))
            return false;
        bool first = true;
        for (auto p : parts) {
            items_.push_back(Entry{owner, p, replayed, first});
            first = false;
        }
        if (!replayed) {
            ++live_frames_;
            live_bytes_ += bytes;
        }
        return true;
    }

    /// The i-th waiting frame from the front (i < size()).
    std::string_view at(std::size_t i) const { return items_[head_ + i].bytes; }

    /// The first frames (at most kMaxPerWrite) as one gather write; pop(size of it) once written.
    std::vector<boost::asio::const_buffer> next_write() const {
        std::vector<boost::asio::const_buffer> out;
        const std::size_t n = std::min(size(), kMaxPerWrite);
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) out.emplace_back(at(i).data(), at(i).size());
        return out;
    }

    /// Drops the first `n` frames (n <= size()): they are written.
    void pop(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            Entry& e = items_[head_++];
            if (!e.replayed) {
                live_bytes_ -= e.bytes.size();
                if (e.first) --live_frames_;
            }
            e.owner.reset();
        }
        if (head_ < items_.size()) return;
        // Empty again: most streams idle between events, so give a burst's memory back.
        items_.clear();
        if (items_.capacity() > kKeptCapacity) items_.shrink_to_fit();
        head_ = 0;
    }

    bool empty() const { return head_ == items_.size(); }
    std::size_t size() const { return items_.size() - head_; }
    /// Bytes of live (not replayed) frames waiting.
    std::size_t live_bytes() const { return live_bytes_; }

private:
    static constexpr std::size_t kMaxPerWrite = 64;
    static constexpr std::size_t kKeptCapacity = 4;
    struct Entry {
        std::shared_ptr<const void> owner;
        std::string_view bytes;
        bool replayed;
        bool first;  // the first piece of its frame
    };
    std::vector<Entry> items_;  // written from head_ on; a vector, not a deque: no block per stream
    std::size_t head_ = 0;
    std::size_t live_frames_ = 0;  // live (not replayed) frames waiting
    std::size_t live_bytes_ = 0;
};

}  // namespace tribune::http
