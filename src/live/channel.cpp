#include "live/channel.hpp"

#include <array>
#include <span>
#include <utility>

namespace tribune::live {
namespace {

FramePtr presence_frame(std::int64_t active) {
    return make_frame("{\"type\":\"presence\",\"active\":" + std::to_string(active) + "}");
}

const FramePtr& typing_frame(bool on) {
    static const auto yes = make_frame(R"({"type":"typing","typing":true})");
    static const auto no = make_frame(R"({"type":"typing","typing":false})");
    return on ? yes : no;
}

}  // namespace

Channel::Channel(TypingOptions typing_options, PresenceOptions presence_options, std::uint64_t dropped_through,
                 Clock::time_point now)
    : log(dropped_through), presence(presence_options), typing(typing_options), emptied_at_(now) {}

void Channel::join(SubscriptionId id, Member member, std::optional<std::uint64_t> last_event_id,
                   std::vector<Outgoing>& out) {
    member.since = log.position_for(last_event_id);
    member.shows_typing = typing.any() || presence.remote_typists() > 0;
    const bool shows_typing = member.shows_typing;
    const domain::Viewer& viewer = members.insert_or_assign(id, std::move(member)).first->second.viewer;
    presence.readers_changed();
    out.push_back({presence_frame(everywhere())});
    if (last_event_id && *last_event_id > 0) log.resume(viewer, *last_event_id, out);
    if (shows_typing) out.push_back({typing_frame(true)});
}

bool Channel::leave(SubscriptionId id, Clock::time_point now, Keep& keep) {
    if (members.erase(id) == 0) return false;
    presence.readers_changed();
    if (members.empty()) emptied_at_ = now;
    if (typing.leave(id)) show_typing(keep);
    return true;
}

Channel::Members::iterator Channel::forget(Members::iterator member) {
    typing.leave(member->first);
    presence.readers_changed();
    return members.erase(member);
}

void Channel::sweep() {
    for (auto it = members.begin(); it != members.end();)
        it = it->second.subscriber.expired() ? forget(it) : std::next(it);
}

void Channel::show_typing(Keep& keep) {
    each(keep, [&](SubscriptionId id, Member& m, Subscriber& s) {
        const bool shows = typing.others_than(id) + presence.remote_typists() > 0;
        if (shows == m.shows_typing) return;
        m.shows_typing = shows;
        const Outgoing out{typing_frame(shows), 0};
        s.deliver(std::span(&out, 1), Delivery::kLive);
    });
}

// Who hears of it, and in which form, is decided here under the lock; the writes are spread
// over the pool. The count goes with the event to whoever hears of the event: one delivery,
// one write.
void Channel::deliver(const ReplayLog::Prepared& event, FanoutPool& pool, std::size_t slice, Keep& keep) {
    const ReplayLog::Entry& e = event.entry;
    std::vector<std::pair<Subscriber*, bool>> targets;  // (subscriber, sees the visible form)
    targets.reserve(members.size());
    each(keep, [&](SubscriptionId, Member& m, Subscriber& s) {
        if (domain::can_see(m.viewer, e.comment))
            targets.emplace_back(&s, true);
        else if (e.hidden)
            targets.emplace_back(&s, false);
    });
    const std::array<Outgoing, 2> visible{Outgoing{e.visible, e.id}, event.count};
    const std::array<Outgoing, 2> hidden{Outgoing{e.hidden, e.id}, event.count};
    const std::size_t frames = event.count.frame ? 2 : 1;
    pool.run(targets.size(), slice, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            targets[i].first->deliver(std::span((targets[i].second ? visible : hidden).data(), frames),
                                      Delivery::kLive);
    });
}

void Channel::send_presence(std::int64_t active, FanoutPool& pool, std::size_t slice, Keep& keep) {
    Keep readers;
    each(readers, [](SubscriptionId, Member&, Subscriber&) {});
    const Outgoing out{presence_frame(active), 0};
    pool.run(readers.size(), slice, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) readers[i]->deliver(std::span(&out, 1), Delivery::kLive);
    });
    // Released with `keep`, after the channel's lock.
    keep.insert(keep.end(), std::make_move_iterator(readers.begin()), std::make_move_iterator(readers.end()));
}

}  // namespace tribune::live
