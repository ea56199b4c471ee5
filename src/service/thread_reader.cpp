#include "service/thread_reader.hpp"

namespace tribune::service {
namespace {

std::optional<std::string> cursor_after(const std::vector<domain::Comment>& shown, bool has_more,
                                        domain::SortOrder order) {
    if (!has_more || shown.empty()) return std::nullopt;
    return domain::encode_cursor(domain::Cursor{order, shown.back().id});
}

}  // namespace

domain::Result<domain::ThreadPage> read_thread(store::Store& store, const std::string& page,
                                               const store::ListQuery& q, const domain::Limits& limits) {
    auto listed = store.list_comments(page, q);
    if (!listed) return listed.error();
    auto total = store.count_approved(page);
    if (!total) return total.error();

    domain::ThreadPage out;
    out.page = page;
    out.total = *total;
    std::vector<domain::CommentId> parents;
    for (const auto& c : listed->comments)
        if (c.reply_count > 0 || q.viewer.is_staff() || !q.viewer.author_token_hash.empty()) parents.push_back(c.id);
    // Readers with no pending replies of their own only need parents that have approved replies.
    const bool all_statuses = q.filter != store::StatusFilter::kDefault;
    std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>> replies;
    if (!parents.empty()) {
        auto found = store.first_replies(parents, limits.first_replies, q.viewer, all_statuses);
        if (!found) return found.error();
        replies = std::move(*found);
    }
    out.comments.reserve(listed->comments.size());
    std::size_t r = 0;
    for (auto& c : listed->comments) {
        domain::CommentNode node;
        node.comment = std::move(c);
        if (r < replies.size() && replies[r].first == node.comment.id) {
            auto& list = replies[r++].second;
            const bool more = static_cast<int>(list.size()) > limits.first_replies;
            if (more) list.resize(static_cast<std::size_t>(limits.first_replies));
            node.replies_next_cursor = cursor_after(list, more, domain::SortOrder::kOldest);
            node.replies = std::move(list);
        }
        out.comments.push_back(std::move(node));
    }
    std::vector<domain::Comment> tops;
    if (!out.comments.empty()) tops.push_back(out.comments.back().comment);
    out.next_cursor = cursor_after(tops, listed->has_more, q.order);
    return out;
}

domain::Result<domain::ReplyPage> read_replies(store::Store& store, const domain::Comment& parent,
                                               const store::ListQuery& q) {
    auto listed = store.list_replies(parent.id, q);
    if (!listed) return listed.error();
    domain::ReplyPage out;
    out.parent = parent;
    out.next_cursor = cursor_after(listed->comments, listed->has_more, q.order);
    out.replies = std::move(listed->comments);
    return out;
}

}  // namespace tribune::service
