#include "service/live_notifier.hpp"

#include <boost/json.hpp>

#include "service/records_json.hpp"

namespace tribune::service {

void notify_live(live::Bus& bus, store::Store& store, CommentChange what, const domain::Comment& c) {
    live::CommentEvent e;
    e.comment = c;
    switch (what) {
        case CommentChange::kCreated:
            e.visible_tail = comment_event_tail("comment.created", c);
            break;
        case CommentChange::kUpdated:
            e.visible_tail = comment_event_tail("comment.updated", c);
            // No longer public (rejected, spam, or held again: hidden by reports, an edit waiting
            // for review): pages that show it take it down; whoever may still see it gets the update.
            if (c.status != domain::CommentStatus::kApproved && c.status != domain::CommentStatus::kDeleted)
                e.hidden_tail = deleted_event_tail(c.id);
            break;
        case CommentChange::kDeleted:
            e.visible_tail = deleted_event_tail(c.id);
            // Who could see it decides who hears it is gone; its words are not kept with that.
            e.comment.text.clear();
            e.comment.author.name.clear();
            e.removes_earlier = true;
            break;
    }
    // A new comment that waits for moderation leaves the count as it was: skip the read (it is
    // a tenth of a pending post's cost).
    const bool count_unchanged = what == CommentChange::kCreated && c.status != domain::CommentStatus::kApproved;
    if (!count_unchanged)
        if (auto total = store.count_approved(c.page)) e.total = *total;
    // The desk hears of every change on every page (no count: the desk has its own).
    live::CommentEvent desk = e;
    desk.total.reset();
    bus.publish(c.page, std::move(e));
    bus.publish(std::string(kDeskChannel), std::move(desk));
}

void notify_live_update(live::Bus& bus, const std::string& page, LiveUpdateChange what, const domain::LiveUpdate& u,
                        std::string_view html) {
    namespace json = boost::json;
    const char* action = what == LiveUpdateChange::kPosted   ? "posted"
                         : what == LiveUpdateChange::kEdited ? "edited"
                                                             : "deleted";
    json::object update{{"id", u.id},
                        {"pinned", u.pinned},
                        {"posted_at", domain::format_rfc3339(u.posted_at)},
                        {"html", html}};
    // A tail: the hub writes the opening brace and the event id.
    std::string tail = json::serialize(json::object{{"type", "live_update"}, {"action", action}, {"update", std::move(update)}});
    tail.erase(0, 1);
    live::CommentEvent e;
    e.comment.id = -u.id;
    e.comment.page = page;
    e.comment.status = domain::CommentStatus::kApproved;
    e.comment.created_at = u.posted_at;
    e.visible_tail = std::move(tail);
    e.removes_earlier = what == LiveUpdateChange::kDeleted;
    bus.publish(page, std::move(e));
}

void notify_live_coverage(live::Bus& bus, const std::string& page, bool live) {
    live::CommentEvent e;
    e.comment.id = 0;
    e.comment.page = page;
    e.comment.status = domain::CommentStatus::kApproved;
    e.visible_tail = live ? R"("type":"live_coverage","live":true})" : R"("type":"live_coverage","live":false})";
    e.removes_earlier = true;
    bus.publish(page, std::move(e));
}

}  // namespace tribune::service
