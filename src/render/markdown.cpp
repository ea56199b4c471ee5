#include "render/markdown.hpp"

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "domain/markdown_text.hpp"
#include "render/date_format.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {
namespace {

// CMARK_OPT_UNSAFE is deliberately absent: without it cmark-gfm omits raw HTML and unsafe URLs.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

struct ParserFree {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CharFree {
    void operator()(char* s) const { std::free(s); }
};
struct IterFree {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

void register_extensions_once() {
    // The extension registry is global and not safe to fill from two threads at once: search's
    // plain text (domain/markdown_text.cpp) fills it too, so both go through the one once_flag.
    domain::register_markdown_extensions();
}

// The literal text of an image's description (its alt text), as cmark writes it into alt="".
std::string plain_text_of(cmark_node* node) {
    std::string out;
    for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
        switch (cmark_node_get_type(c)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                if (const char* t = cmark_node_get_literal(c)) out += t;
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK: out += ' '; break;
            case CMARK_NODE_HTML_INLINE: break;  // dropped, as on the page
            default: out += plain_text_of(c); break;
        }
    }
    return out;
}

// "/media/" + 64 lower-case hex digits + "." + an extension of letters and digits: the only
// URLs worth asking the library about (find_media checks the rest).
bool is_own_media_url(std::string_view url) {
    constexpr std::string_view kPrefix = "/media/";
    if (!url.starts_with(kPrefix) || url.size() < kPrefix.size() + 66 || url.size() > kPrefix.size() + 70) return false;
    url.remove_prefix(kPrefix.size());
    for (std::size_t i = 0; i < 64; ++i)
        if (!((url[i] >= '0' && url[i] <= '9') || (url[i] >= 'a' && url[i] <= 'f'))) return false;
    if (url[64] != '.') return false;
    for (const char c : url.substr(65))
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool inside_link(cmark_node* node) {
    for (cmark_node* p = cmark_node_parent(node); p; p = cmark_node_parent(p))
        if (cmark_node_get_type(p) == CMARK_NODE_LINK) return true;
    return false;
}

void append_embedded_image(std::string& out, const EmbeddedMedia& m, std::string_view alt) {
    out += "<img src=\"";
    append_escaped(out, m.url);
    out += "\" alt=\"";
    append_escaped(out, alt);
    out += "\"";
    append_srcset(out, m.sources, kLeadImageSizes);
    if (m.width > 0 && m.height > 0)
        out += " width=\"" + std::to_string(m.width) + "\" height=\"" + std::to_string(m.height) + "\"";
    out += " loading=\"lazy\" decoding=\"async\">";
}

// A <video> or <audio> as the lead media plays (render/article_page.cpp), named by the alt text.
void append_player(std::string& out, const EmbeddedMedia& m, std::string_view alt) {
    const bool audio = m.kind == "audio";
    out += audio ? "<audio controls preload=\"metadata\"" : "<video controls preload=\"metadata\"";
    if (!alt.empty()) {
        out += " aria-label=\"";
        append_escaped(out, alt);
        out += "\"";
    }
    out += "><source src=\"";
    append_escaped(out, m.url);
    out += "\"";
    if (!m.content_type.empty()) {
        out += " type=\"";
        append_escaped(out, m.content_type);
        out += "\"";
    }
    out += "><a href=\"";
    append_escaped(out, m.url);
    out += audio ? "\">Download the audio</a></audio>" : "\">Download the video</a></video>";
}

void append_duration(std::string& out, const EmbeddedMedia& m) {
    if (m.duration_seconds <= 0) return;
    out += "<span class=\"media-duration\">";
    out += duration_element(m.duration_seconds);
    out += "</span>";
}

// The embed alone in its paragraph: a figure like the lead media's, captioned with the image's
// title, else (for players) its alt text, and the duration.
std::string embed_figure(const EmbeddedMedia& m, std::string_view alt, std::string_view title) {
    const bool image = m.kind == "image";
    std::string out = "<figure class=\"media media-";
    out += image ? "image" : m.kind == "audio" ? "audio" : "video";
    out += " media-embed\">\n";
    if (image) append_embedded_image(out, m, alt);
    else append_player(out, m, alt);
    out += "\n";
    std::string_view caption = title;
    if (caption.empty() && !image) caption = alt;
    if (!caption.empty() || (!image && m.duration_seconds > 0)) {
        out += "<figcaption>";
        if (!caption.empty()) {
            out += "<span class=\"media-caption\">";
            append_escaped(out, caption);
            out += "</span>";
            if (!image && m.duration_seconds > 0) out += " ";
        }
        if (!image) append_duration(out, m);
        out += "</figcaption>\n";
    }
    out += "</figure>";
    return out;
}

// The embed within text (or a link): the bare element, and a player's duration after it.
std::string embed_inline(const EmbeddedMedia& m, std::string_view alt) {
    std::string out;
    if (m.kind == "image") {
        append_embedded_image(out, m, alt);
        return out;
    }
    append_player(out, m, alt);
    if (m.duration_seconds > 0) {
        out += " ";
        append_duration(out, m);
    }
    return out;
}

// Replaces each image of the library (as `media` knows it) by a custom node holding its HTML:
// cmark writes a custom node's text as given, and that text is ours, built escaped above.
void embed_media(cmark_node* doc, const MediaLookup& media) {
    std::vector<cmark_node*> images;
    {
        std::unique_ptr<cmark_iter, IterFree> it{cmark_iter_new(doc)};
        if (!it) throw std::bad_alloc();
        for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
            cmark_node* node = cmark_iter_get_node(it.get());
            if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_IMAGE) images.push_back(node);
        }
    }
    std::map<std::string, std::optional<EmbeddedMedia>, std::less<>> known;
    for (cmark_node* image : images) {
        const char* url_text = cmark_node_get_url(image);
        const std::string_view url = url_text ? url_text : "";
        if (!is_own_media_url(url)) continue;
        auto found = known.find(url);
        if (found == known.end()) {
            if (known.size() >= kMaxEmbeddedMedia) continue;
            found = known.emplace(std::string(url), media(url)).first;
        }
        if (!found->second) continue;
        const EmbeddedMedia& m = *found->second;
        if (m.kind != "image" && m.kind != "video" && m.kind != "audio") continue;
        const bool linked = inside_link(image);
        if (linked && m.kind != "image") continue;  // a player inside a link would be a control in a control
        const std::string alt = plain_text_of(image);
        const char* title_text = cmark_node_get_title(image);
        const std::string title = title_text ? title_text : "";
        cmark_node* paragraph = cmark_node_parent(image);
        const bool alone = !linked && paragraph && cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH &&
                           cmark_node_first_child(paragraph) == image && cmark_node_last_child(paragraph) == image;
        cmark_node* replacement = cmark_node_new(alone ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE);
        if (!replacement) throw std::bad_alloc();
        const std::string html = alone ? embed_figure(m, alt, title) : embed_inline(m, alt);
        cmark_node* old = alone ? paragraph : image;
        if (!cmark_node_set_on_enter(replacement, html.c_str()) || !cmark_node_insert_before(old, replacement)) {
            cmark_node_free(replacement);
            continue;
        }
        cmark_node_free(old);  // unlinks it (and the image with a paragraph)
    }
}

// The footnotes' section gets an accessible name. cmark writes this exact tag only for
// footnotes: anything a writer types is escaped or dropped as raw HTML.
void name_footnotes(std::string& html) {
    constexpr std::string_view kSection = "<section class=\"footnotes\" data-footnotes>";
    if (const auto at = html.rfind(kSection); at != std::string::npos)
        html.replace(at, kSection.size(), "<section class=\"footnotes\" data-footnotes aria-label=\"Footnotes\">");
}

std::string render_markdown(std::string_view md, int options, const MediaLookup* media) {
    register_extensions_once();
    std::unique_ptr<cmark_parser, ParserFree> parser{cmark_parser_new(options)};
    if (!parser) throw std::bad_alloc();
    for (const char* name : kExtensions) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
    cmark_parser_feed(parser.get(), md.data(), md.size());
    std::unique_ptr<cmark_node, NodeFree> doc{cmark_parser_finish(parser.get())};
    if (!doc) throw std::bad_alloc();
    if (media && *media) embed_media(doc.get(), *media);
    std::unique_ptr<char, CharFree> html{
        cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()))};
    if (!html) throw std::bad_alloc();
    // Found by fuzzing: this cmark-gfm writes the noncharacters U+FFFE and U+FFFF (from
    // entities like &#xFFFF;) as the lone bytes 0xFE and 0xFF, which no UTF-8 text holds.
    std::string out;
    for (const char* p = html.get(); *p; ++p) {
        const auto b = static_cast<unsigned char>(*p);
        if (b == 0xFE || b == 0xFF) out += "\xEF\xBF\xBD";  // U+FFFD
        else out += *p;
    }
    return out;
}

}  // namespace

std::string markdown_to_html(std::string_view md) { return render_markdown(md, kOptions, nullptr); }

std::string article_body_html(std::string_view md, const MediaLookup& media) {
    std::string html = render_markdown(md, kOptions | CMARK_OPT_FOOTNOTES, &media);
    name_footnotes(html);
    return html;
}

}  // namespace tribune::render
