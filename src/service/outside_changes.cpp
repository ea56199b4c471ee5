#include "service/outside_changes.hpp"

namespace tribune::service {
namespace {

std::string_view name_of(CommentChange what) {
    switch (what) {
        case CommentChange::kCreated: return "created";
        case CommentChange::kUpdated: return "updated";
        case CommentChange::kDeleted: return "deleted";
    }
    return "updated";
}

CommentChange change_of(std::string_view name) {
    if (name == "created") return CommentChange::kCreated;
    if (name == "deleted") return CommentChange::kDeleted;
    return CommentChange::kUpdated;
}

}  // namespace

void NoticeSink::comment_changed(CommentChange what, const domain::Comment& c) {
    if (auto ok = store_.add_notice(c.page, c.id, name_of(what), clock_.now()); !ok) failure = ok.error();
}

void NoticeSink::thread_changed(const std::string& page) {
    if (auto ok = store_.add_notice(page, 0, "updated", clock_.now()); !ok) failure = ok.error();
}

// A running node drops the article's cached pages as it does a thread's.
void NoticeSink::article_changed(const domain::Article& a) { thread_changed(a.page_key()); }

domain::Result<int> publish_outside_changes(Context& ctx, int limit) {
    auto notices = ctx.store.take_notices(limit);
    if (!notices) return notices.error();
    for (std::size_t i = 0; i < notices->size(); ++i) {
        const auto& n = (*notices)[i];
        if (n.comment_id == 0) {
            ctx.events.thread_changed(n.page);
            continue;
        }
        auto c = ctx.store.get_comment(n.comment_id);
        if (c) {
            ctx.events.comment_changed(change_of(n.change), *c);
        } else if (c.error().code == domain::ErrorCode::kNotFound) {
            ctx.events.thread_changed(n.page);  // erased since: its page still changed
        } else {
            // The store failed mid-batch: what is not published yet goes back for the next poll
            // (best effort; a store that refuses the read likely refuses this too).
            for (std::size_t j = i; j < notices->size(); ++j) {
                const auto& back = (*notices)[j];
                (void)ctx.store.add_notice(back.page, back.comment_id, back.change, back.at);
            }
            return c.error();
        }
    }
    return static_cast<int>(notices->size());
}

}  // namespace tribune::service
