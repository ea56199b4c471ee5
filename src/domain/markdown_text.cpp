#include "domain/markdown_text.hpp"

#include <memory>
#include <mutex>
#include <new>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

namespace tribune::domain {
namespace {

// The same extensions the article page renders with (render/markdown.cpp), so a table's cells
// are text here and not a paragraph of pipes; footnotes too, so a note's text is indexed and its
// "[^1]" markers are not.
constexpr const char* kTextExtensions[] = {"table", "strikethrough", "autolink"};

struct TextParserFree {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct TextNodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct TextIterFree {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

void end_line(std::string& out) {
    if (!out.empty() && out.back() != '\n') out += '\n';
}

// Appends a node's literal text with control characters as spaces (cmark turns "&#2;" into
// U+0002) and the lone bytes 0xFE/0xFF cmark-gfm writes for U+FFFE/U+FFFF as U+FFFD.
void append_literal(std::string& out, const char* text) {
    if (!text) return;
    for (const char* p = text; *p; ++p) {
        const auto b = static_cast<unsigned char>(*p);
        if (b == '\n') out += '\n';
        else if (b < 0x20 || b == 0x7F) out += ' ';
        else if (b == 0xFE || b == 0xFF) out += "\xEF\xBF\xBD";
        else if (b == 0xC2 && p[1] && static_cast<unsigned char>(p[1]) >= 0x80 &&
                 static_cast<unsigned char>(p[1]) <= 0x9F) {
            out += ' ';  // a C1 control (U+0080..U+009F)
            ++p;
        } else out += *p;
    }
}

}  // namespace

void register_markdown_extensions() {
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

std::string markdown_plain_text(std::string_view md) {
    register_markdown_extensions();
    std::unique_ptr<cmark_parser, TextParserFree> parser{cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES)};
    if (!parser) throw std::bad_alloc();
    for (const char* name : kTextExtensions) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
    cmark_parser_feed(parser.get(), md.data(), md.size());
    std::unique_ptr<cmark_node, TextNodeFree> doc{cmark_parser_finish(parser.get())};
    if (!doc) throw std::bad_alloc();
    std::unique_ptr<cmark_iter, TextIterFree> it{cmark_iter_new(doc.get())};
    if (!it) throw std::bad_alloc();
    std::string out;
    out.reserve(md.size());
    for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(it.get());
        const cmark_node_type type = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_EXIT) {
            if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) end_line(out);
            continue;
        }
        switch (type) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                append_literal(out, cmark_node_get_literal(node));
                break;
            case CMARK_NODE_CODE_BLOCK:
                append_literal(out, cmark_node_get_literal(node));
                end_line(out);
                break;
            case CMARK_NODE_SOFTBREAK: out += ' '; break;
            case CMARK_NODE_LINEBREAK: out += '\n'; break;
            default: break;  // raw HTML is dropped, as the page drops it; containers add nothing
        }
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace tribune::domain
