#include "render/desk_item.hpp"

#include "render/comment_view.hpp"
#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

void open_item(std::string& out, const DeskItem& item) {
    const domain::Comment& c = item.comment;
    const std::string id = std::to_string(c.id);
    const std::string_view status = domain::to_string(c.status);
    out += "<article class=\"desk-item status-";
    out += status;
    if (c.featured) out += " is-featured";
    out += "\" id=\"item-" + id + "\" data-id=\"" + id + "\" data-status=\"";
    out += status;
    out += "\" data-reports=\"" + std::to_string(c.open_reports) + "\" data-featured=\"";
    out += c.featured ? "1" : "0";
    out += "\" data-page=\"";
    append_escaped(out, c.page);
    out += "\" aria-labelledby=\"item-" + id + "-title\">\n";
}

void append_where(std::string& out, const DeskItem& item, const DeskItemContext& ctx) {
    const domain::Comment& c = item.comment;
    const std::string id = std::to_string(c.id);
    out += "<header class=\"desk-item-head\">";
    if (ctx.selectable) {
        out += "<input type=\"checkbox\" class=\"desk-select\" name=\"id\" value=\"" + id +
               "\" form=\"desk-bulk\" data-select id=\"select-" + id + "\"><label class=\"visually-hidden\" for=\"select-" +
               id + "\">Select comment " + id + "</label>";
    }
    out += "<h2 class=\"desk-item-title\" id=\"item-" + id + "-title\">";
    if (item.article) {
        out += "<a href=\"";
        append_escaped(out, article_path(item.article->slug) + "#comment-" + id);
        out += "\">";
        append_escaped(out, item.article->title);
        out += "</a>";
    } else {
        out += "<code>";
        append_escaped(out, c.page);
        out += "</code>";
    }
    out += "</h2>\n<p class=\"desk-item-meta\"><a class=\"desk-permalink\" href=\"/admin/comments/" + id + "\">#" + id +
           "</a> ";
    out += relative_time_element(c.created_at, ctx.frame.now);
    out += " <span class=\"status-label status-label-";
    out += domain::to_string(c.status);
    out += "\">";
    out += status_label(c.status);
    out += "</span>";
    if (c.featured) out += " <span class=\"badge badge-featured\">Featured</span>";
    if (c.open_reports > 0)
        out += " <span class=\"badge badge-reported\">" + std::to_string(c.open_reports) +
               (c.open_reports == 1 ? " report" : " reports") + "</span>";
    out += "</p></header>\n";
}

void append_author(std::string& out, const DeskItem& item) {
    const domain::Comment& c = item.comment;
    out += "<p class=\"desk-author\"><span class=\"comment-author\">";
    append_escaped(out, shown_name(c.author.name));
    out += "</span> <span class=\"badge badge-role badge-role-";
    out += domain::to_string(c.author.role);
    out += "\">";
    out += c.author.user_id || domain::is_staff(c.author.role) ? role_label(c.author.role) : "Guest";
    out += "</span> <span class=\"desk-history\">";
    append_escaped(out, author_history(item.author));
    out += "</span></p>\n";
}

void append_parent(std::string& out, const domain::Comment& p) {
    out += "<blockquote class=\"desk-parent\"><p class=\"desk-parent-meta\">In reply to <a href=\"/admin/comments/" +
           std::to_string(p.id) + "\">";
    append_escaped(out, shown_name(p.author.name));
    out += "</a>:</p>";
    if (p.status == domain::CommentStatus::kDeleted) {
        out += "<p class=\"comment-text tombstone\">";
        out += domain::kTombstoneText;
        out += "</p>";
    } else {
        out += "<p class=\"comment-text\">";
        append_escaped(out, p.text);
        out += "</p>";
    }
    out += "</blockquote>\n";
}

void append_edits(std::string& out, const DeskItem& item) {
    if (!item.comment.edited_at && item.edits.empty()) return;
    out += "<details class=\"desk-edits\"><summary><span class=\"edited\">(Edited)</span>";
    if (item.comment.edited_at) {
        out += " \xC2\xB7 last edit ";
        append_escaped(out, exact_time(*item.comment.edited_at));
    }
    const std::size_t n = item.edits.size();
    out += " \xC2\xB7 " + std::to_string(n) + (n == 1 ? " earlier version" : " earlier versions");
    out += "</summary>\n<ol class=\"desk-edit-list\">\n";
    for (const domain::CommentEdit& e : item.edits) {
        out += "<li><p class=\"desk-edit-meta\">Replaced ";
        append_escaped(out, exact_time(e.replaced_at));
        out += " by ";
        append_escaped(out, e.edited_by);
        out += "</p><p class=\"comment-text\">";
        append_escaped(out, e.text);
        out += "</p></li>\n";
    }
    out += "</ol></details>\n";
}

void append_reports(std::string& out, const DeskItem& item, const DeskItemContext& ctx) {
    if (item.reports.empty()) return;
    const std::size_t n = item.reports.size();
    out += "<div class=\"desk-reports\"><p class=\"desk-reports-title\">" + std::to_string(n) +
           (n == 1 ? " report" : " reports") + "</p><ul>\n";
    for (const domain::Report& r : item.reports) {
        out += r.resolved ? "<li class=\"is-resolved\">" : "<li>";
        out += "<q class=\"desk-report-reason\">";
        append_escaped(out, r.reason);
        out += "</q> ";
        out += relative_time_element(r.created_at, ctx.frame.now);
        if (r.resolved) out += " <span class=\"desk-resolved\">(reviewed)</span>";
        out += "</li>\n";
    }
    out += "</ul></div>\n";
}

void append_action_form(std::string& out, const DeskItem& item, const DeskItemContext& ctx, std::string_view action,
                        std::string_view label, std::string_view key) {
    open_post_form(out, "/admin/comments/" + std::to_string(item.comment.id) + "/moderate",
                   "desk-action desk-action-" + std::string(action), ctx.frame.staff);
    append_hidden(out, "return", ctx.return_to);
    // The text the moderator is looking at: an edit made since makes the action fail (409).
    append_hidden(out, "version", domain::text_version(item.comment));
    append_hidden(out, "action", action);
    out += "<button type=\"submit\" data-action=\"";
    out += action;
    out += "\" aria-keyshortcuts=\"";
    out += key;
    out += "\">";
    out += label;
    out += "</button></form>";
}

void append_ban_form(std::string& out, const DeskItem& item, const DeskItemContext& ctx) {
    const std::string id = std::to_string(item.comment.id);
    out += "<details class=\"desk-ban\"><summary>Ban author</summary>";
    open_post_form(out, "/admin/comments/" + id + "/ban", "desk-ban-form", ctx.frame.staff);
    append_hidden(out, "return", ctx.return_to);
    out += "<label for=\"ban-days-" + id + "\">For</label> <select id=\"ban-days-" + id + "\" name=\"days\">";
    append_option(out, "1", "1 day", false);
    append_option(out, "7", "7 days", true);
    append_option(out, "30", "30 days", false);
    append_option(out, "forever", "for good", false);
    out += "</select> <label for=\"ban-reason-" + id + "\">Reason</label> <input type=\"text\" id=\"ban-reason-" + id +
           "\" name=\"reason\" maxlength=\"500\" required> <button type=\"submit\">Ban</button></form></details>";
}

void append_actions(std::string& out, const DeskItem& item, const DeskItemContext& ctx) {
    const domain::Comment& c = item.comment;
    if (c.status == domain::CommentStatus::kDeleted) return;
    out += "<div class=\"desk-actions\">";
    if (c.status != domain::CommentStatus::kApproved) append_action_form(out, item, ctx, "approve", "Approve", "a");
    if (c.status != domain::CommentStatus::kRejected) append_action_form(out, item, ctx, "reject", "Reject", "r");
    if (c.status != domain::CommentStatus::kSpam) append_action_form(out, item, ctx, "spam", "Spam", "s");
    if (c.featured) append_action_form(out, item, ctx, "unfeature", "Unfeature", "f");
    else append_action_form(out, item, ctx, "feature", "Feature", "f");
    if (!domain::is_staff(c.author.role)) append_ban_form(out, item, ctx);
    out += "</div>\n";
}

}  // namespace

void append_desk_item(std::string& out, const DeskItem& item, const DeskItemContext& ctx) {
    const domain::Comment& c = item.comment;
    open_item(out, item);
    append_where(out, item, ctx);
    append_author(out, item);
    if (!c.filter_reason.empty()) {
        out += "<p class=\"desk-held\"><strong>Held:</strong> ";
        append_escaped(out, c.filter_reason);
        out += "</p>\n";
    }
    if (item.parent) append_parent(out, *item.parent);
    if (c.status == domain::CommentStatus::kDeleted && c.text.empty()) {
        out += "<p class=\"comment-text tombstone\">";
        out += domain::kTombstoneText;
        out += "</p>\n";
    } else {
        out += "<p class=\"comment-text desk-text\">";
        append_escaped(out, c.text);
        out += "</p>\n";
    }
    append_edits(out, item);
    append_reports(out, item, ctx);
    append_actions(out, item, ctx);
    out += "</article>\n";
}

std::string author_history(const domain::AuthorStats& s) {
    std::string out;
    const auto add = [&out](std::int64_t n, std::string_view what) {
        if (n <= 0) return;
        if (!out.empty()) out += " \xC2\xB7 ";
        out += std::to_string(n);
        out += ' ';
        out += what;
    };
    add(s.approved, "approved");
    add(s.pending, "pending");
    add(s.rejected, "rejected");
    add(s.spam, "spam");
    add(s.deleted, "deleted");
    return out.empty() ? "No history" : out;
}

}  // namespace tribune::render
