// One comment with a page of its replies: "Load More Replies" for readers without scripts.
#include "render/pages.hpp"

#include "render/comment_form.hpp"
#include "render/comment_view.hpp"
#include "render/html_escape.hpp"
#include "render/layout.hpp"
#include "render/paths.hpp"

namespace tribune::render {

std::string replies_page(const RepliesView& v) {
    const domain::Comment& parent = v.replies.parent;
    const std::string path = replies_path(v.article.slug, parent.id);
    const std::string report_base = comments_path(v.article.slug) + "/";
    const CommentContext ctx{v.now, v.viewer, std::nullopt, report_base, v.csrf_token};
    std::string main;
    main += "<p class=\"back-link\"><a href=\"";
    append_escaped(main, article_path(v.article.slug) + "#comment-" + std::to_string(parent.id));
    main += "\">Back to the article: ";
    append_escaped(main, v.article.title);
    main += "</a></p>\n<section class=\"discussion replies-page\" data-page=\"";
    append_escaped(main, v.article.page_key());
    main += "\" aria-labelledby=\"replies-title\">\n<h1 id=\"replies-title\">Replies</h1>\n";
    if (domain::can_see(v.viewer, parent)) append_comment(main, parent, ctx);

    main += "<ol class=\"replies\">";
    for (const domain::Comment& reply : v.replies.replies) {
        if (!domain::can_see(v.viewer, reply)) continue;
        main += "<li>";
        append_comment(main, reply, ctx);
        main += "</li>\n";
    }
    main += "</ol>\n";
    if (v.replies.next_cursor) {
        main += "<p class=\"load-more\"><a href=\"";
        append_escaped(main, path + cursor_query(*v.replies.next_cursor));
        main += "\">Load More Replies</a></p>\n";
    }

    if (v.feedback) append_feedback(main, *v.feedback);
    const bool open = !v.comments_closed && parent.status != domain::CommentStatus::kDeleted &&
                      domain::can_see(v.viewer, parent);
    if (open) {
        const CommenterState state{v.viewer.user_id.has_value(), v.viewer.name, v.sign_in_offered, v.sign_in_required,
                                   path};
        append_commenter(main, state, v.display_name);
        const bool refill = v.feedback && !v.feedback->ok;
        if (state.may_post())
            append_comment_form(main, CommentForm{comments_path(v.article.slug), parent.id,
                                                  state.signed_in ? std::string_view(v.viewer.name) : v.display_name,
                                                  refill ? std::string_view(v.feedback->text) : std::string_view(),
                                                  v.csrf_token});
    }
    main += "</section>\n";
    const std::string title = "Replies: " + v.article.title;
    return document(v.site, PageHead{title, "", path}, main);
}

}  // namespace tribune::render
