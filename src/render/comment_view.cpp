#include "render/comment_view.hpp"

#include "render/comment_form.hpp"
#include "render/date_format.hpp"
#include "render/html_escape.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

void open_article(std::string& out, const domain::Comment& c, const CommentContext& ctx) {
    const std::string id = std::to_string(c.id);
    out += "<article class=\"comment";
    if (c.parent_id) out += " is-reply";
    if (ctx.highlight && *ctx.highlight == c.id) out += " is-new";
    out += " status-";
    out += domain::to_string(c.status);
    out += "\" id=\"comment-" + id + "\" data-id=\"" + id + "\" data-status=\"";
    out += domain::to_string(c.status);
    out += "\">\n";
}

void append_meta(std::string& out, const domain::Comment& c, const CommentContext& ctx) {
    out += "<header class=\"comment-meta\"><span class=\"comment-author\">";
    append_escaped(out, shown_name(c.author.name));
    out += "</span>";
    // The same marks the page's script and the widget draw for comments that arrive live.
    if (domain::is_staff(c.author.role)) out += " <span class=\"badge badge-staff\">Moderator</span>";
    if (!c.author.badge.empty()) {
        out += " <span class=\"badge badge-account\">";
        append_escaped(out, c.author.badge);
        out += "</span>";
    }
    if (c.author.verified)
        out += " <span class=\"verified\" role=\"img\" aria-label=\"Verified account\" title=\"Verified account\">&#10003;</span>";
    if (c.featured) out += " <span class=\"badge badge-featured\">Featured</span>";
    out += " ";
    out += relative_time_element(c.created_at, ctx.now);
    if (c.edited_at) {
        out += " <span class=\"edited\" title=\"Edited ";
        out += exact_time(*c.edited_at);
        out += "\">(Edited)</span>";
    }
    if (ctx.viewer.is_staff() && c.status != domain::CommentStatus::kApproved) {
        out += " <span class=\"status-label\">";
        out += status_label(c.status);
        out += "</span>";
    }
    out += "</header>\n";
}

// A reader flags a comment for moderators; works without scripts (POST, then redirect).
void append_report_form(std::string& out, const domain::Comment& c, const CommentContext& ctx) {
    const std::string id = std::to_string(c.id);
    out += "<details class=\"report-box\"><summary>Report</summary>\n<form class=\"report-form\" method=\"post\" action=\"";
    append_escaped(out, ctx.report_base);
    out += id + "/report\">\n";
    append_csrf_field(out, ctx.csrf_token);
    out += "<label for=\"report-reason-" + id + "\">Why should a moderator look at this comment?</label>\n";
    out += "<input id=\"report-reason-" + id +
           "\" name=\"reason\" type=\"text\" required maxlength=\"500\" placeholder=\"Spam, abuse, off topic...\">\n";
    out += "<button type=\"submit\">Send report</button>\n</form></details>\n";
}

}  // namespace

std::string_view status_label(domain::CommentStatus s) {
    switch (s) {
        case domain::CommentStatus::kPending: return "Pending";
        case domain::CommentStatus::kApproved: return "Approved";
        case domain::CommentStatus::kRejected: return "Rejected";
        case domain::CommentStatus::kSpam: return "Spam";
        case domain::CommentStatus::kDeleted: return "Deleted";
    }
    return "Pending";
}

std::string_view shown_name(std::string_view name) {
    if (name.find_first_not_of(" \t\r\n") == std::string_view::npos) return domain::kNoName;
    return name;
}

void append_comment(std::string& out, const domain::Comment& c, const CommentContext& ctx) {
    open_article(out, c, ctx);
    if (c.status == domain::CommentStatus::kDeleted) {
        out += "<p class=\"comment-text tombstone\">";
        out += domain::kTombstoneText;
        out += "</p>\n</article>\n";
        return;
    }
    append_meta(out, c, ctx);
    out += "<p class=\"comment-text\">";
    append_escaped(out, c.text);
    out += "</p>\n";
    if (c.status == domain::CommentStatus::kPending && domain::is_author(ctx.viewer, c))
        out += "<p class=\"pending-notice\">Your comment will appear once approved by a moderator.</p>\n";
    if (!ctx.report_base.empty() && c.status == domain::CommentStatus::kApproved && !domain::is_author(ctx.viewer, c))
        append_report_form(out, c, ctx);
    out += "</article>\n";
}

}  // namespace tribune::render
