#include "render/discussion.hpp"

#include <algorithm>

#include "render/comment_form.hpp"
#include "render/comment_view.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"

namespace tribune::render {
namespace {

bool can_reply_to(const ArticleView& v, const domain::Comment& c) {
    return c.status != domain::CommentStatus::kDeleted && domain::can_see(v.viewer, c);
}

// Feedback about a reply whose comment is not on this page has no form to sit next to.
bool feedback_has_home(const ArticleView& v) {
    if (!v.feedback || !v.feedback->parent_id) return true;
    const auto id = *v.feedback->parent_id;
    return std::any_of(v.thread.comments.begin(), v.thread.comments.end(), [&](const domain::CommentNode& n) {
        return n.comment.id == id && can_reply_to(v, n.comment);
    });
}

void append_header(std::string& out, const ArticleView& v) {
    out +=
        "<header class=\"discussion-header\">\n"
        "<h2 id=\"comments-title\">Comments <span class=\"comment-total\" data-count>";
    out += std::to_string(v.thread.total);
    out +=
        "</span></h2>\n"
        "<p class=\"active-readers\">Active: <span data-active>0</span></p>\n"
        "</header>\n"
        "<div class=\"loader\" role=\"status\" aria-live=\"polite\" hidden>"
        "<span class=\"spinner\" aria-hidden=\"true\"></span><span>Loading</span></div>\n";
}

void append_node(std::string& out, const ArticleView& v, const domain::CommentNode& node) {
    const std::string report_base = comments_path(v.article.slug) + "/";
    const CommentContext ctx{v.now, v.viewer, v.posted_id, report_base, v.csrf_token};
    const domain::Comment& c = node.comment;
    out += "<li class=\"thread-item\">\n";
    append_comment(out, c, ctx);
    out += "<ol class=\"replies\">";
    for (const domain::Comment& reply : node.replies) {
        if (!domain::can_see(v.viewer, reply)) continue;
        out += "<li>";
        append_comment(out, reply, ctx);
        out += "</li>\n";
    }
    out += "</ol>\n";
    if (node.replies_next_cursor) {
        out += "<p class=\"load-more\"><a href=\"";
        append_escaped(out, replies_path(v.article.slug, c.id) + cursor_query(*node.replies_next_cursor));
        out += "\">Load More Replies</a></p>\n";
    }
    const bool may_post = v.viewer.user_id.has_value() || !v.sign_in_required;
    if (can_reply_to(v, c) && !v.comments_closed && may_post) {
        const bool mine = v.feedback && v.feedback->parent_id == c.id;
        const bool failed = mine && !v.feedback->ok;
        if (mine) append_feedback(out, *v.feedback);
        out += failed ? "<details class=\"reply-box\" open>" : "<details class=\"reply-box\">";
        out += "<summary>Reply</summary>\n";
        append_comment_form(out, CommentForm{comments_path(v.article.slug), c.id, v.display_name,
                                             failed ? std::string_view(v.feedback->text) : std::string_view(),
                                             v.csrf_token});
        out += "</details>\n";
    }
    out += "</li>\n";
}

}  // namespace

std::string comments_label(std::int64_t n) {
    return std::to_string(n) + (n == 1 ? " Comment" : " Comments");
}

void append_discussion(std::string& out, const ArticleView& v) {
    const std::string page_key = v.article.page_key();
    out += "<section id=\"comments\" class=\"discussion\" data-page=\"";
    append_escaped(out, page_key);
    out += "\"";
    if (v.live_event_id) {
        // Where the live stream resumes: nothing that happens after this render is missed.
        out += " data-last-event-id=\"" + std::to_string(v.live_event_id) + "\"";
    }
    out += " data-live-insert=\"";
    append_escaped(out, v.live_insert);
    out += "\"";
    if (!v.csrf_token.empty()) {
        // A logged-in viewer's scripts send it with every change (X-CSRF-Token).
        out += " data-csrf-token=\"";
        append_escaped(out, v.csrf_token);
        out += "\"";
    }
    if (v.comments_closed) out += " data-closed";
    out += " aria-labelledby=\"comments-title\">\n";
    append_header(out, v);

    const bool main_feedback = v.feedback && (!v.feedback->parent_id || !feedback_has_home(v));
    if (main_feedback) append_feedback(out, *v.feedback);
    if (v.comments_closed) {
        out += "<p class=\"comments-closed\" data-closed>";
        append_escaped(out, v.closed_reason.empty() ? std::string_view("Comments are closed.") : v.closed_reason);
        out += "</p>\n";
    } else {
        const std::string here = article_path(v.article.slug);
        const CommenterState state{v.viewer.user_id.has_value(), v.viewer.name, v.sign_in_offered, v.sign_in_required,
                                   here};
        append_commenter(out, state, v.display_name);
        const bool refill = main_feedback && !v.feedback->ok && !v.feedback->parent_id;
        if (state.may_post())
            append_comment_form(out, CommentForm{comments_path(v.article.slug), std::nullopt,
                                                 state.signed_in ? std::string_view(v.viewer.name) : v.display_name,
                                                 refill ? std::string_view(v.feedback->text) : std::string_view(),
                                                 v.csrf_token});
    }
    out += "<p class=\"typing\" data-typing aria-live=\"polite\" hidden>Someone is typing...</p>\n";

    if (v.is_continuation) {
        out += "<p class=\"first-comments\"><a href=\"";
        append_escaped(out, article_path(v.article.slug));
        out += "#comments\">Back to the first comments</a></p>\n";
    }
    const bool any_visible =
        std::any_of(v.thread.comments.begin(), v.thread.comments.end(),
                    [&](const domain::CommentNode& n) { return domain::can_see(v.viewer, n.comment); });
    if (!any_visible && !v.is_continuation)
        out += "<p class=\"empty-state\" data-empty>Be the first to leave a comment.</p>\n";

    out += "<ol class=\"comment-list\">\n";
    for (const domain::CommentNode& node : v.thread.comments) {
        if (domain::can_see(v.viewer, node.comment)) append_node(out, v, node);
    }
    out += "</ol>\n";

    if (v.thread.next_cursor) {
        out += "<p class=\"load-more\"><a href=\"";
        append_escaped(out, article_path(v.article.slug) + cursor_query(*v.thread.next_cursor));
        out += "#comments\">Load More Comments</a></p>\n";
    }
    out += "</section>\n";
    // Optional live enhancement (web/embed.js): the discussion above works the same without it.
    out += "<script src=\"/embed.js\" defer></script>\n";
}

}  // namespace tribune::render
