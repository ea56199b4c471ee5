// Article bodies are Markdown rendered into pages as trusted HTML, so the renderer must never
// let markup through: every tag in the output is one cmark-gfm writes for Markdown, every
// attribute one of its own, and no link or image points at a script. Article bodies
// (article_body_html) are checked too, with footnotes and every library URL embedded: only the
// elements of embeds and footnotes join the lists.

#include <array>
#include <cstddef>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "domain/utf8.hpp"
#include "render/markdown.hpp"

using namespace tribune;

namespace {

constexpr std::array<std::string_view, 27> kTags{
    "a",  "blockquote", "br", "code", "del", "em",    "h1",    "h2",    "h3", "h4", "h5", "h6", "hr", "img",
    "li", "ol",         "p",  "pre",  "strong", "table", "tbody", "thead", "td", "th", "tr", "ul", "input"};
constexpr std::array<std::string_view, 8> kAttributes{"href", "src", "alt", "title", "align", "start", "class", "type"};
// What article_body_html adds: footnotes (cmark-gfm's) and embeds of the media library.
constexpr std::array<std::string_view, 10> kBodyTags{"section", "sup",    "figure", "figcaption", "video",
                                                     "audio",   "source", "span",   "time",       "a"};
constexpr std::array<std::string_view, 17> kBodyAttributes{
    "id",    "data-footnotes", "data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx",
    "aria-label", "controls",  "preload",           "srcset",                "sizes",
    "width", "height",         "loading",           "decoding",              "datetime",
    "class", "title"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view s) {
    for (auto item : set)
        if (item == s) return true;
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

// A URL cmark-gfm should have emptied: a script scheme, or data: that is not an image.
bool unsafe_url(std::string_view value) {
    const std::string v = lower(value);
    if (v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("file:")) return true;
    if (!v.starts_with("data:")) return false;
    return !(v.starts_with("data:image/png") || v.starts_with("data:image/gif") || v.starts_with("data:image/jpeg") ||
             v.starts_with("data:image/webp"));
}

// Checks the tag that starts at html[at] ('<') and returns where it ends. `body`: an article
// body's output, which may also hold footnotes and embeds.
std::size_t check_tag(std::string_view html, std::size_t at, std::string_view md, bool body) {
    if (html.substr(at, 4) == "<!--") {
        const std::size_t end = html.find("-->", at);
        fuzz::check(end != std::string_view::npos && html.substr(at, end + 3 - at) == "<!-- raw HTML omitted -->",
                    "an HTML comment other than cmark's placeholder", md);
        return end + 3;
    }
    std::size_t i = at + 1;
    if (i < html.size() && html[i] == '/') ++i;
    const std::size_t name_start = i;
    while (i < html.size() && is_name_char(html[i])) ++i;
    const std::string_view tag = html.substr(name_start, i - name_start);
    fuzz::check(one_of(kTags, tag) || (body && one_of(kBodyTags, tag)), "unexpected tag in Markdown output", md);
    for (;;) {
        while (i < html.size() && html[i] == ' ') ++i;
        fuzz::check(i < html.size(), "unterminated tag in Markdown output", md);
        if (html[i] == '>') return i + 1;
        if (html.substr(i, 2) == "/>") return i + 2;
        const std::size_t attr_start = i;
        while (i < html.size() && is_name_char(html[i])) ++i;
        const std::string_view attr = html.substr(attr_start, i - attr_start);
        fuzz::check(one_of(kAttributes, attr) || attr == "checked" || attr == "disabled" ||
                        (body && one_of(kBodyAttributes, attr)),
                    "unexpected attribute in Markdown output", md);
        if (i < html.size() && html[i] == '=') {
            fuzz::check(html.substr(i, 2) == "=\"", "unquoted attribute in Markdown output", md);
            const std::size_t end = html.find('"', i + 2);
            fuzz::check(end != std::string_view::npos, "unterminated attribute in Markdown output", md);
            if (attr == "href" || attr == "src")
                fuzz::check(!unsafe_url(html.substr(i + 2, end - i - 2)), "unsafe URL in Markdown output", md);
            i = end + 1;
        }
    }
}

// Every library URL is known: its kind by its last hex digit, with sizes, a duration and copies.
std::optional<render::EmbeddedMedia> any_media(std::string_view url) {
    render::EmbeddedMedia m;
    const char last = url[url.find('.') - 1];
    m.kind = last < '6' ? "image" : last < 'b' ? "video" : "audio";
    m.url = std::string(url);
    m.content_type = m.kind == "image" ? "image/png" : m.kind == "video" ? "video/mp4" : "audio/mpeg";
    m.width = 1200;
    m.height = 800;
    m.duration_seconds = 293;
    m.sources = {{"/media/x-480.png", 480}, {m.url, 1200}};
    return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view md(reinterpret_cast<const char*>(data), size);
    const std::string html = render::markdown_to_html(md);
    fuzz::check(domain::is_valid_utf8(html), "Markdown output is not UTF-8", md);
    for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at))
        at = check_tag(html, at, md, false);
    const std::string body = render::article_body_html(md, any_media);
    fuzz::check(domain::is_valid_utf8(body), "article body output is not UTF-8", md);
    for (std::size_t at = body.find('<'); at != std::string::npos; at = body.find('<', at))
        at = check_tag(body, at, md, true);
    return 0;
}
