#include "render/layout.hpp"

#include "render/feeds.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"

namespace tribune::render {
namespace {

constexpr std::string_view kRssMime = "application/rss+xml";
constexpr std::string_view kAtomMime = "application/atom+xml";

void append_alternate(std::string& out, const AlternateLink& link) {
    out += "<link rel=\"alternate\" type=\"";
    append_escaped(out, link.type);
    out += "\" title=\"";
    append_escaped(out, link.title);
    out += "\" href=\"";
    append_escaped(out, link.href);
    out += "\">\n";
}

}  // namespace

std::string document(const SiteInfo& site, const PageHead& head, std::string_view main_html) {
    std::string out;
    out.reserve(main_html.size() + 2048);
    out +=
        "<!DOCTYPE html>\n"
        "<html lang=\"";
    append_escaped(out, site.language.empty() ? std::string_view("en") : std::string_view(site.language));
    out +=
        "\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n"
        "<title>";
    if (!head.title.empty()) {
        append_escaped(out, head.title);
        out += " \xC2\xB7 ";  // U+00B7 middle dot
    }
    append_escaped(out, site.name);
    out += "</title>\n";
    if (!head.description.empty()) {
        out += "<meta name=\"description\" content=\"";
        append_escaped(out, head.description);
        out += "\">\n";
    }
    if (!head.canonical_path.empty() && is_safe_url(site.base_url)) {
        out += "<link rel=\"canonical\" href=\"";
        append_escaped(out, absolute_url(site.base_url, head.canonical_path));
        out += "\">\n";
    }
    append_alternate(out, {std::string(kRssMime), site.name + " (RSS)", feed_path("/", FeedFormat::kRss)});
    append_alternate(out, {std::string(kAtomMime), site.name + " (Atom)", feed_path("/", FeedFormat::kAtom)});
    for (const AlternateLink& link : head.alternates) append_alternate(out, link);
    out += head.meta_html;  // trusted: built by render/page_meta.cpp
    out +=
        "<link rel=\"stylesheet\" href=\"/static/tribune.css\">\n"
        "<script src=\"/static/tribune.js\" defer></script>\n"
        "</head>\n"
        "<body>\n"
        "<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n"
        "<header class=\"site-header\"><a class=\"site-name\" href=\"/\">";
    append_escaped(out, site.name);
    out +=
        "</a> <a class=\"site-search\" href=\"/search\">Search</a></header>\n"
        "<main id=\"main\">\n";
    out += main_html;
    out +=
        "</main>\n"
        "<footer class=\"site-footer\"><p><a href=\"/\">";
    append_escaped(out, site.name);
    out +=
        "</a></p></footer>\n"
        "</body>\n"
        "</html>\n";
    return out;
}

}  // namespace tribune::render
