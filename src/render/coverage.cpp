#include "render/coverage.hpp"

#include <algorithm>

#include "render/date_format.hpp"
#include "render/feeds.hpp"
#include "render/html_escape.hpp"
#include "render/markdown.hpp"
#include "render/paths.hpp"
#include "render/script_json.hpp"
#include "domain/xml_text.hpp"

namespace tribune::render {

using domain::append_xml_escaped;
using domain::xml_escape;
namespace {

// "14:05 UTC" with the whole date in its title, for an update's stamp.
std::string update_time(domain::Time t) {
    std::string out = "<time datetime=\"";
    out += domain::format_rfc3339(t);
    out += "\" title=\"";
    out += exact_time(t);
    out += "\">";
    const std::string full = exact_time(t);  // "7 Dec 2026, 14:05 UTC"
    const auto comma = full.rfind(", ");
    out += comma == std::string::npos ? full : full.substr(comma + 2);
    out += "</time>";
    return out;
}

}  // namespace

std::string live_update_html(const domain::LiveUpdate& u) {
    std::string out = "<article class=\"live-update";
    if (u.pinned) out += " pinned";
    out += "\" id=\"update-" + std::to_string(u.id) + "\" data-update-id=\"" + std::to_string(u.id) +
           "\" data-pinned=\"" + (u.pinned ? "1" : "0") + "\" data-posted=\"" +
           std::to_string(domain::to_micros(u.posted_at)) + "\">\n<p class=\"live-update-meta\">";
    out += update_time(u.posted_at);
    if (u.pinned) out += " <span class=\"pinned-label\">Pinned</span>";
    if (u.edited_at > u.posted_at) out += " <span class=\"edited\">Edited</span>";
    out += "</p>\n<div class=\"live-update-body\">\n";
    out += markdown_to_html(u.body_markdown);  // trusted: the safe renderer's output
    out += "</div>\n</article>\n";
    return out;
}

void append_corrections_block(std::string& out, const domain::Article& a) {
    if (a.corrections.empty()) return;
    out += "<aside class=\"corrections\" aria-label=\"Corrections\">\n";
    for (const auto& c : a.corrections) {
        out += "<p class=\"correction\"><strong class=\"correction-label\">Correction</strong> ";
        out += date_element(c.at);
        out += ": ";
        append_escaped(out, c.text);
        out += "</p>\n";
    }
    out += "</aside>\n";
}

void append_live_updates(std::string& out, const domain::Article& a, const std::vector<domain::LiveUpdate>& updates) {
    if (!a.live && updates.empty()) return;
    out += "<section class=\"live-updates\" id=\"live-updates\" aria-labelledby=\"live-updates-title\" data-live-updates";
    out += a.live ? " data-live=\"on\"" : "";
    out += ">\n<h2 id=\"live-updates-title\">";
    if (a.live) out += "<span class=\"live-badge\">Live</span> ";
    out += "Live updates</h2>\n";
    if (updates.empty()) out += "<p class=\"empty-state\" data-updates-empty>No updates yet.</p>\n";
    out += "<div class=\"live-update-list\" data-update-list aria-live=\"polite\">\n";
    for (const auto& u : updates) out += live_update_html(u);
    out += "</div>\n</section>\n";
}

void append_json_ld_corrections(std::string& out, const domain::Article& a) {
    if (a.corrections.empty()) return;
    out += ",\"correction\":[";
    for (std::size_t i = 0; i < a.corrections.size(); ++i) {
        out += i ? ",{\"@type\":\"CorrectionComment\",\"text\":" : "{\"@type\":\"CorrectionComment\",\"text\":";
        append_script_json_string(out, a.corrections[i].text);
        out += ",\"datePublished\":";
        append_script_json_string(out, domain::format_rfc3339(a.corrections[i].at));
        out += "}";
    }
    out += "]";
}

std::string live_updates_feed_path(std::string_view slug) { return article_path(slug) + "/updates.atom"; }

std::string live_updates_atom_feed(const SiteInfo& site, const domain::Article& a, domain::Time now,
                                   const std::vector<domain::LiveUpdate>& updates) {
    const std::string page = absolute_url(site.base_url, article_path(a.slug));
    domain::Time updated = updates.empty() ? now : domain::Time{};
    for (const auto& u : updates) updated = std::max({updated, u.posted_at, u.edited_at});
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
    append_xml_escaped(out, site.language);
    out += "\" xml:base=\"";
    append_xml_escaped(out, absolute_url(site.base_url, "/"));
    out += "\">\n";
    out += "<title type=\"text\">";
    append_xml_escaped(out, "Live updates: " + a.title);
    out += "</title>\n";
    domain::append_xml_line(out, "id", tag_uri(site.base_url, a.created_at, "article:" + std::to_string(a.id) + ":updates"));
    domain::append_xml_line(out, "updated", domain::format_rfc3339(updated));
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"";
    append_xml_escaped(out, page);
    out += "\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"";
    append_xml_escaped(out, absolute_url(site.base_url, live_updates_feed_path(a.slug)));
    out += "\"/>\n<author>";
    domain::append_xml_line(out, "name", a.authors.empty() ? site.name : a.byline());
    out += "</author>\n";
    for (const auto& u : updates) {
        out += "<entry>\n<title type=\"text\">";
        append_xml_escaped(out, "Update " + exact_time(u.posted_at));
        out += "</title>\n";
        domain::append_xml_line(out, "id", tag_uri(site.base_url, u.posted_at, "live-update:" + std::to_string(u.id)));
        domain::append_xml_line(out, "published", domain::format_rfc3339(u.posted_at));
        domain::append_xml_line(out, "updated", domain::format_rfc3339(std::max(u.posted_at, u.edited_at)));
        out += "<link rel=\"alternate\" type=\"text/html\" href=\"";
        append_xml_escaped(out, page + "#update-" + std::to_string(u.id));
        out += "\"/>\n<content type=\"html\">";
        append_xml_escaped(out, markdown_to_html(u.body_markdown));
        out += "</content>\n</entry>\n";
    }
    out += "</feed>\n";
    return out;
}

}  // namespace tribune::render
