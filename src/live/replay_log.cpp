#include "live/replay_log.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace tribune::live {
namespace {

FramePtr event_frame(std::uint64_t id, const std::string& tail) {
    std::string f = "{\"event_id\":" + std::to_string(id) + ",";
    f += tail;
    return make_frame(f, id);
}

}  // namespace

// A reader hears of a count change only with an event it was told about: a pending comment
// changes nothing for readers who may not see it. Likewise the "hidden" form of a change (a
// comment.deleted) goes only to readers who could see the comment before, which the approved
// count tells: it dropped, or the log does not know.
ReplayLog::Prepared ReplayLog::prepare(std::uint64_t id, Clock::time_point at, const CommentEvent& event,
                                       const std::function<std::uint64_t()>& count_id) {
    const bool total_changed = event.total && event.total != total_;
    const bool was_public = !event.total || !total_ || total_changed;
    Prepared p{Entry{id, at, event.comment, event_frame(id, event.visible_tail),
                     event.hidden_tail.empty() || !was_public ? nullptr : event_frame(id, event.hidden_tail)},
               Outgoing{}};
    if (total_changed) {
        const std::uint64_t total_id = count_id();
        total_ = event.total;
        total_event_id_ = total_id;
        total_frame_ = event_frame(total_id, "\"type\":\"count\",\"total\":" + std::to_string(*event.total) + "}");
        p.count = {total_frame_, total_id};
    }
    return p;
}

// The comment's words are gone: so are its earlier events (a resuming reader still gets this
// one, which says it is gone).
void ReplayLog::append(Entry entry, bool removes_earlier, std::size_t max_entries) {
    if (removes_earlier)
        std::erase_if(entries_, [&](const Entry& e) { return e.comment.id == entry.comment.id; });
    entries_.push_back(std::move(entry));
    while (entries_.size() > max_entries) {
        dropped_through_ = entries_.front().id;
        entries_.pop_front();
    }
}

void ReplayLog::resume(const domain::Viewer& viewer, std::uint64_t last_event_id, std::vector<Outgoing>& out) const {
    if (last_event_id < dropped_through_) {
        out.push_back({make_frame(R"({"type":"reset"})")});
        return;
    }
    // In id order, the latest count among the events: a client resumes from the last id it saw.
    bool count_due = total_frame_ && total_event_id_ > last_event_id;
    for (const auto& e : entries_) {
        if (e.id <= last_event_id) continue;
        if (count_due && total_event_id_ < e.id) {
            out.push_back({total_frame_, total_event_id_});
            count_due = false;
        }
        if (domain::can_see(viewer, e.comment))
            out.push_back({e.visible, e.id});
        else if (e.hidden)
            out.push_back({e.hidden, e.id});
    }
    if (count_due) out.push_back({total_frame_, total_event_id_});
}

std::uint64_t ReplayLog::position_for(std::optional<std::uint64_t> last_event_id) const {
    if (last_event_id && *last_event_id > 0 && *last_event_id >= dropped_through_) return *last_event_id;
    return entries_.empty() ? dropped_through_ : entries_.back().id;
}

std::vector<Outgoing> ReplayLog::missed(const domain::Viewer& before, const domain::Viewer& after,
                                        std::uint64_t since) const {
    std::vector<Outgoing> out;
    std::unordered_set<domain::CommentId> latest_seen;
    for (auto e = entries_.rbegin(); e != entries_.rend() && e->id > since; ++e) {
        if (!latest_seen.insert(e->comment.id).second) continue;
        if (domain::can_see(after, e->comment) && !domain::can_see(before, e->comment))
            out.push_back({e->visible, e->id});
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::optional<std::uint64_t> ReplayLog::newest() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.back().id;
}

void ReplayLog::trim(Clock::time_point now, Clock::duration window, std::uint64_t cut) {
    while (!entries_.empty() && (now - entries_.front().at > window || entries_.front().id <= cut)) {
        dropped_through_ = entries_.front().id;
        entries_.pop_front();
    }
}

void ReplayLog::forget_through(std::uint64_t position) { dropped_through_ = std::max(dropped_through_, position); }

void ReplayLog::start_at(std::uint64_t position) {
    if (entries_.empty()) dropped_through_ = position;
}

std::size_t ReplayLog::bytes(const Entry& e) {
    return sizeof(Entry) + e.comment.text.size() + e.comment.page.size() + (e.visible ? e.visible->bytes() : 0) +
           (e.hidden ? e.hidden->bytes() : 0);
}

}  // namespace tribune::live
