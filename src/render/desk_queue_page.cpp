// The desk's queue (GET /admin) and one item (GET /admin/comments/{id}).
#include "render/desk_pages.hpp"

#include "render/desk_item.hpp"
#include "render/desk_layout.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

std::string_view empty_message(std::string_view queue) {
    if (queue == "pending") return "No comments waiting for review.";
    if (queue == "reported") return "No reported comments.";
    if (queue == "approved") return "No approved comments.";
    if (queue == "rejected") return "No rejected comments.";
    if (queue == "spam") return "No spam.";
    if (queue == "deleted") return "No deleted comments.";
    return "No comments.";
}

void append_tabs(std::string& out, const DeskQueueView& v) {
    out += "<nav class=\"desk-tabs\" aria-label=\"Queues\"><ul>\n";
    for (const DeskTab& tab : v.tabs) {
        out += "<li><a href=\"";
        append_escaped(out, desk_queue_path(tab.queue, v.text, v.author, v.page));
        out += "\" data-queue=\"";
        append_escaped(out, tab.queue);
        out += "\"";
        if (tab.queue == v.queue) out += " aria-current=\"page\"";
        out += ">";
        append_escaped(out, desk_queue_label(tab.queue));
        if (tab.count) {
            out += " <span class=\"desk-count\" data-count=\"";
            append_escaped(out, tab.queue);
            out += "\">" + std::to_string(*tab.count) + "</span>";
        }
        out += "</a></li>\n";
    }
    out += "</ul></nav>\n";
}

void append_search(std::string& out, const DeskQueueView& v) {
    out += "<form class=\"desk-search\" method=\"get\" action=\"/admin\" role=\"search\">";
    append_hidden(out, "queue", v.queue);
    if (!v.page.empty()) append_hidden(out, "page", v.page);
    out += "<label for=\"desk-q\">Text</label> <input type=\"search\" id=\"desk-q\" name=\"q\" value=\"";
    append_escaped(out, v.text);
    out += "\" aria-keyshortcuts=\"/\" data-search> <label for=\"desk-author\">Author</label> "
           "<input type=\"search\" id=\"desk-author\" name=\"author\" value=\"";
    append_escaped(out, v.author);
    out += "\"> <button type=\"submit\">Search</button>";
    if (!v.text.empty() || !v.author.empty()) {
        out += " <a href=\"";
        append_escaped(out, desk_queue_path(v.queue, {}, {}, v.page));
        out += "\">Clear search</a>";
    }
    out += "</form>\n";
    if (!v.page.empty()) {
        out += "<p class=\"desk-filter\">Thread: <code>";
        append_escaped(out, v.page);
        out += "</code> <a href=\"";
        append_escaped(out, desk_queue_path(v.queue, v.text, v.author));
        out += "\">All threads</a></p>\n";
    }
}

// Always there (hidden over an empty list), so items desk.js brings in live have a form to join.
void append_bulk_bar(std::string& out, const DeskQueueView& v) {
    out += "<form method=\"post\" action=\"/admin/bulk\" id=\"desk-bulk\" class=\"desk-bulk\"";
    if (v.items.empty()) out += " hidden";
    out += ">";
    append_csrf_field(out, v.frame.staff);
    append_hidden(out, "return", v.return_to);
    out += "<label for=\"desk-bulk-action\">With the selected comments</label> <select id=\"desk-bulk-action\" "
           "name=\"action\">";
    append_option(out, "approve", "Approve", true);
    append_option(out, "reject", "Reject", false);
    append_option(out, "spam", "Mark as spam", false);
    append_option(out, "feature", "Feature", false);
    append_option(out, "unfeature", "Unfeature", false);
    out += "</select> <button type=\"submit\">Apply</button> <span class=\"desk-bulk-count\" data-bulk-count "
           "hidden></span></form>\n";
}

}  // namespace

std::string desk_queue_label(std::string_view queue) {
    if (queue == "pending") return "Pending";
    if (queue == "reported") return "Reported";
    if (queue == "approved") return "Approved";
    if (queue == "rejected") return "Rejected";
    if (queue == "spam") return "Spam";
    if (queue == "deleted") return "Deleted";
    return std::string(queue);
}

std::string desk_queue_path(std::string_view queue, std::string_view text, std::string_view author,
                            std::string_view page, std::optional<domain::CommentId> after) {
    std::string out = "/admin";
    char sep = '?';
    const auto add = [&](std::string_view name, std::string_view value) {
        if (value.empty()) return;
        out += sep;
        sep = '&';
        out += name;
        out += '=';
        out += url_encode(value);
    };
    if (queue != "pending") add("queue", queue);
    add("q", text);
    add("author", author);
    add("page", page);
    if (after) add("after", std::to_string(*after));
    return out;
}

std::string desk_queue_page(const DeskQueueView& v) {
    std::string main;
    main.reserve(4096 + v.items.size() * 3072);
    main += "<h1 class=\"page-title\">";
    append_escaped(main, desk_queue_label(v.queue));
    main += "</h1>\n";
    append_tabs(main, v);
    append_search(main, v);
    append_bulk_bar(main, v);
    main += "<div class=\"desk-items\" data-desk-items data-queue=\"";
    append_escaped(main, v.queue);
    main += "\" data-q=\"";
    append_escaped(main, v.text);
    main += "\" data-author=\"";
    append_escaped(main, v.author);
    main += "\" data-page=\"";
    append_escaped(main, v.page);
    main += "\">\n";
    const DeskItemContext ctx{v.frame, v.return_to, true};
    for (const DeskItem& item : v.items) append_desk_item(main, item, ctx);
    main += "</div>\n";
    if (v.items.empty()) {
        main += "<p class=\"empty-state\" data-desk-empty>";
        const bool searching = !v.text.empty() || !v.author.empty() || !v.page.empty();
        main += searching ? "No comments match this search." : empty_message(v.queue);
        main += "</p>\n";
    }
    if (v.next_after_id || v.is_continuation) {
        main += "<p class=\"load-more desk-pager\">";
        if (v.is_continuation) {
            main += "<a href=\"";
            append_escaped(main, desk_queue_path(v.queue, v.text, v.author, v.page));
            main += "\">First page</a> ";
        }
        if (v.next_after_id) {
            main += "<a href=\"";
            append_escaped(main, desk_queue_path(v.queue, v.text, v.author, v.page, v.next_after_id));
            main += "\" rel=\"next\">Next page</a>";
        }
        main += "</p>\n";
    }
    return desk_document(v.frame, desk_queue_label(v.queue), main);
}

std::string desk_item_page(const DeskItemView& v) {
    const std::string id = std::to_string(v.item.comment.id);
    std::string main = "<h1 class=\"page-title\">Comment #" + id + "</h1>\n<p class=\"back-link\"><a href=\"/admin\">";
    main += "Back to the queue</a></p>\n<div class=\"desk-items\" data-desk-items data-single>\n";
    append_desk_item(main, v.item, DeskItemContext{v.frame, v.return_to, false});
    main += "</div>\n";
    return desk_document(v.frame, "Comment #" + id, main);
}

std::string desk_item_fragment(const DeskItemView& v) {
    std::string out;
    append_desk_item(out, v.item, DeskItemContext{v.frame, v.return_to, true});
    return out;
}

}  // namespace tribune::render
