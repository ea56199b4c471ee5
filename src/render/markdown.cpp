#include "render/markdown.hpp"

#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "domain/markdown_text.hpp"

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

void register_extensions_once() {
    // The extension registry is global and not safe to fill from two threads at once: search's
    // plain text (domain/markdown_text.cpp) fills it too, so both go through the one once_flag.
    domain::register_markdown_extensions();
}

}  // namespace

std::string markdown_to_html(std::string_view md) {
    register_extensions_once();
    std::unique_ptr<cmark_parser, ParserFree> parser{cmark_parser_new(kOptions)};
    if (!parser) throw std::bad_alloc();
    for (const char* name : kExtensions) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
    cmark_parser_feed(parser.get(), md.data(), md.size());
    std::unique_ptr<cmark_node, NodeFree> doc{cmark_parser_finish(parser.get())};
    if (!doc) throw std::bad_alloc();
    std::unique_ptr<char, CharFree> html{
        cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()))};
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

}  // namespace tribune::render
