// Imported article bodies to Markdown, walking the tree html_parse.cpp builds.
#include "portability/html_markdown.hpp"

#include <algorithm>
#include <vector>

#include "portability/html_parse.hpp"

namespace tribune::portability {
namespace {

constexpr char kHardBreak = '\x01';  // a <br> until the paragraph is finished
constexpr std::size_t kMaxDepth = 200;  // deeper markup is read as text only: bounds the recursion
// Articles are long: many tags, but no deeper than comments (html_parse.hpp).
constexpr HtmlBounds kBodyBounds{.max_tags = 50'000, .max_depth = 100};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Elements whose content never reaches the body, text included.
bool is_dropped(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
        case GUMBO_TAG_APPLET: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
        case GUMBO_TAG_FORM: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
        case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
            return true;
        default:
            return false;
    }
}

// Elements that end the paragraph around them.
bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
        case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI:
        case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_HR: case GUMBO_TAG_DIV:
        case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_DL:
        case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER:
        case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
            return true;
        default:
            return false;
    }
}

const GumboVector& children_of(const GumboNode* node) {
    return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

const GumboNode* child(const GumboNode* node, unsigned i) {
    return static_cast<const GumboNode*>(children_of(node).data[i]);
}

std::string attribute(const GumboNode* node, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? std::string(a->value) : std::string();
}

// Text as Markdown shows it: every character that could start markup is escaped.
std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '&':
            case '#': case '~': case '|': case '!':
                out += '\\';
                out += c;
                break;
            case kHardBreak:
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A URL as a Markdown link destination, so that what the allow-list saw is what the renderer
// links: what would end or escape it is percent-encoded, and "&" is written "&amp;" (the
// renderer decodes character references in destinations before backslash escapes: a bare
// "&#106;avascript:" would become "javascript:", a backslash before it would not stop that).
std::string destination(std::string_view url) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : url) {
        if (c == '&') {
            out += "&amp;";
        } else if (c <= 0x20 || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '"' ||
            c == '\'') {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string trim_url(std::string_view url) {
    while (!url.empty() && is_space(url.front())) url.remove_prefix(1);
    while (!url.empty() && is_space(url.back())) url.remove_suffix(1);
    return std::string(url);
}

// White space runs become one space; none around a hard break or at the ends.
std::string collapsed(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (c == kHardBreak) {
            space = false;
            if (!out.empty() && out.back() != kHardBreak) out += c;
            continue;
        }
        if (space && !out.empty() && out.back() != kHardBreak) out += ' ';
        space = false;
        out += c;
    }
    while (!out.empty() && out.back() == kHardBreak) out.pop_back();
    return out;
}

// A line that Markdown would read as a list item, heading rule or setext underline starts
// with its marker escaped.
std::string guard_line_start(std::string_view text) {
    std::string line(text);
    if (text.empty()) return line;
    const char c = text[0];
    if (c == '-' || c == '+' || c == '=') return "\\" + line;
    std::size_t digits = 0;
    while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')'))
        line.insert(digits, "\\");
    return line;
}

// A finished paragraph: hard breaks as backslash line ends, each line's start guarded.
std::string paragraph(std::string_view inline_md) {
    std::string text = collapsed(inline_md);
    std::string out;
    std::size_t start = 0;
    for (;;) {
        auto end = text.find(kHardBreak, start);
        out += guard_line_start(std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        out += "\\\n";
        start = end + 1;
    }
    return out;
}

std::string raw_text(const GumboNode* node, std::size_t depth) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE)
        return node->v.text.text;
    if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxDepth || is_dropped(node->v.element.tag)) return {};
    if (node->v.element.tag == GUMBO_TAG_BR) return "\n";
    std::string out;
    for (unsigned i = 0; i < children_of(node).length; ++i) out += raw_text(child(node, i), depth + 1);
    return out;
}

// Emphasis around `inner`, its outer spaces kept outside (Markdown needs the marker next to text).
std::string wrapped(const std::string& inner, std::string_view marker) {
    const auto first = inner.find_first_not_of(" \t\r\n\f\x01");
    if (first == std::string::npos) return inner;
    const auto last = inner.find_last_not_of(" \t\r\n\f\x01");
    return inner.substr(0, first) + std::string(marker) + inner.substr(first, last - first + 1) + std::string(marker) +
           inner.substr(last + 1);
}

std::string code_span(std::string text) {
    std::replace_if(text.begin(), text.end(), is_space, ' ');
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
    return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string inline_md(const GumboNode* node, std::size_t depth);

std::string inline_children(const GumboNode* node, std::size_t depth) {
    std::string out;
    for (unsigned i = 0; i < children_of(node).length; ++i) out += inline_md(child(node, i), depth + 1);
    return out;
}

std::string image(const GumboNode* node) {
    const std::string src = trim_url(attribute(node, "src"));
    std::string alt = collapsed(attribute(node, "alt"));
    if (!is_allowed_body_url(src)) return escaped(alt);
    return "![" + escaped(alt) + "](" + destination(src) + ")";
}

// Markdown has no link inside a link (the inner one would win and the outer one's destination
// would show as text): a nested link keeps its text only.
bool inside_link(const GumboNode* node) {
    for (const GumboNode* up = node->parent; up && up->type == GUMBO_NODE_ELEMENT; up = up->parent)
        if (up->v.element.tag == GUMBO_TAG_A) return true;
    return false;
}

std::string inline_md(const GumboNode* node, std::size_t depth) {
    switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            return escaped(node->v.text.text);
        case GUMBO_NODE_ELEMENT:
            break;
        default:
            return {};
    }
    const GumboTag tag = node->v.element.tag;
    if (is_dropped(tag) || depth > kMaxDepth) return {};
    switch (tag) {
        case GUMBO_TAG_BR:
            return std::string(1, kHardBreak);
        case GUMBO_TAG_IMG:
            return image(node);
        case GUMBO_TAG_STRONG: case GUMBO_TAG_B:
            return wrapped(inline_children(node, depth), "**");
        case GUMBO_TAG_EM: case GUMBO_TAG_I: case GUMBO_TAG_CITE:
            return wrapped(inline_children(node, depth), "*");
        case GUMBO_TAG_DEL: case GUMBO_TAG_S: case GUMBO_TAG_STRIKE:
            return wrapped(inline_children(node, depth), "~~");
        case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_TT:
            return code_span(raw_text(node, depth));
        case GUMBO_TAG_A: {
            const std::string href = trim_url(attribute(node, "href"));
            std::string label = inline_children(node, depth);
            if (href.empty() || !is_allowed_body_url(href) || inside_link(node)) return label;
            if (collapsed(label).empty()) label = escaped(href);
            return "[" + label + "](" + destination(href) + ")";
        }
        default: {
            std::string inner = inline_children(node, depth);
            return is_block(tag) ? " " + inner + " " : inner;
        }
    }
}

// The blocks of a container, in order, each finished Markdown.
class Blocks {
public:
    void text(const std::string& md) { pending_ += md; }
    void add(std::string block) {
        end();
        if (!block.empty()) done_.push_back({std::move(block), false});
    }
    void add_list(std::string block) {
        end();
        if (!block.empty()) done_.push_back({std::move(block), true});
    }
    void end() {
        std::string p = paragraph(pending_);
        pending_.clear();
        if (!p.empty()) done_.push_back({std::move(p), false});
    }
    // Blocks apart by a blank line; a list straight after a list item's text, by a line break.
    std::string joined(bool tight) {
        end();
        std::string out;
        for (std::size_t i = 0; i < done_.size(); ++i) {
            if (i > 0) out += tight && done_[i].list ? "\n" : "\n\n";
            out += done_[i].md;
        }
        return out;
    }

private:
    struct Block {
        std::string md;
        bool list = false;
    };
    std::string pending_;
    std::vector<Block> done_;
};

void blocks_of(const GumboNode* node, Blocks& out, std::size_t depth);

std::string blocks_md(const GumboNode* node, std::size_t depth, bool tight = false) {
    Blocks b;
    blocks_of(node, b, depth);
    return b.joined(tight);
}

// Each line of `text` after the first starts with `indent`, the first with `first` (blank
// lines carry the prefix without trailing spaces).
std::string prefixed(const std::string& text, const std::string& first, const std::string& indent) {
    std::string out;
    std::size_t start = 0;
    bool first_line = true;
    for (;;) {
        auto end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string prefix = first_line ? first : indent;
        if (line.empty()) prefix.erase(prefix.find_last_not_of(' ') + 1);
        out += prefix + line;
        first_line = false;
        if (end == std::string::npos) break;
        out += '\n';
        start = end + 1;
    }
    return out;
}

std::string list(const GumboNode* node, std::size_t depth) {
    const bool ordered = node->v.element.tag == GUMBO_TAG_OL;
    std::string out;
    int number = 1;
    for (unsigned i = 0; i < children_of(node).length; ++i) {
        const GumboNode* item = child(node, i);
        if (item->type != GUMBO_NODE_ELEMENT || item->v.element.tag != GUMBO_TAG_LI) continue;
        std::string content = blocks_md(item, depth + 1, true);
        const std::string marker = ordered ? std::to_string(number++) + ". " : "- ";
        if (!out.empty()) out += '\n';
        out += prefixed(content, marker, std::string(marker.size(), ' '));
    }
    return out;
}

std::string fenced(std::string_view raw) {
    if (!raw.empty() && raw[0] == '\n') raw.remove_prefix(1);
    std::string code(raw);
    while (!code.empty() && is_space(code.back())) code.pop_back();
    std::size_t longest = 0, run = 0;
    for (char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    return fence + "\n" + code + "\n" + fence;
}

// Quotes and lists prefix each line they hold, once per level: past kMaxNesting levels a body of
// many lines would grow by that much, so deeper ones keep their blocks without a prefix.
constexpr std::size_t kMaxNesting = 8;

bool is_prefixing(GumboTag tag) {
    return tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
}

// How many quotes and lists hold `node`, itself included.
std::size_t nesting(const GumboNode* node) {
    std::size_t n = 0;
    for (const GumboNode* up = node; up && up->type == GUMBO_NODE_ELEMENT; up = up->parent)
        if (is_prefixing(up->v.element.tag)) ++n;
    return n;
}

void blocks_of(const GumboNode* node, Blocks& out, std::size_t depth) {
    for (unsigned i = 0; i < children_of(node).length; ++i) {
        const GumboNode* c = child(node, i);
        if (c->type != GUMBO_NODE_ELEMENT) {
            out.text(inline_md(c, depth + 1));
            continue;
        }
        GumboTag tag = c->v.element.tag;
        if (is_dropped(tag)) continue;
        if (depth > kMaxDepth || !is_block(tag)) {
            out.text(inline_md(c, depth + 1));
            continue;
        }
        if (is_prefixing(tag) && nesting(c) > kMaxNesting) tag = GUMBO_TAG_DIV;  // its blocks in place
        switch (tag) {
            case GUMBO_TAG_P:
            case GUMBO_TAG_DT:
            case GUMBO_TAG_FIGCAPTION:
            case GUMBO_TAG_TR:
                out.add(paragraph(inline_children(c, depth + 1)));
                break;
            case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
            case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: {
                std::string text = collapsed(inline_children(c, depth + 1));
                std::replace(text.begin(), text.end(), kHardBreak, ' ');
                const auto level = static_cast<std::size_t>(tag - GUMBO_TAG_H1) + 1;
                if (!text.empty()) out.add(std::string(level, '#') + " " + text);
                break;
            }
            case GUMBO_TAG_UL:
            case GUMBO_TAG_OL:
                out.add_list(list(c, depth + 1));
                break;
            case GUMBO_TAG_BLOCKQUOTE: {
                std::string inner = blocks_md(c, depth + 1);
                if (!inner.empty()) out.add(prefixed(inner, "> ", "> "));
                break;
            }
            case GUMBO_TAG_PRE: {
                std::string code = raw_text(c, depth + 1);
                if (code.find_first_not_of(" \t\r\n") != std::string::npos) out.add(fenced(code));
                break;
            }
            case GUMBO_TAG_HR:
                out.add("* * *");
                break;
            default:  // containers: their own blocks, in place
                out.end();
                blocks_of(c, out, depth + 1);
                out.end();
        }
    }
}

bool starts_block(std::string_view chunk) {
    static constexpr std::string_view kBlocks[] = {"<p", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<ul", "<ol",
                                                   "<li", "<blockquote", "<pre", "<hr", "<div", "<figure", "<table",
                                                   "<section", "<dl", "<!--", "</"};
    std::string lower;
    for (char c : chunk.substr(0, 12)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return std::any_of(std::begin(kBlocks), std::end(kBlocks),
                       [&](std::string_view b) { return std::string_view(lower).starts_with(b); });
}

bool has_paragraph_tags(std::string_view body) {
    for (std::size_t i = body.find('<'); i != std::string_view::npos; i = body.find('<', i + 1))
        if (i + 2 < body.size() && (body[i + 1] == 'p' || body[i + 1] == 'P') &&
            (body[i + 2] == '>' || is_space(body[i + 2])))
            return true;
    return false;
}

}  // namespace

bool is_allowed_body_url(std::string_view url) {
    if (url.empty()) return false;
    for (unsigned char c : url)
        if (c < 0x20 || c == 0x7f) return false;
    const auto mark = url.find_first_of(":/?#");
    if (mark == std::string_view::npos || url[mark] != ':') return true;  // relative
    std::string scheme;
    for (char c : url.substr(0, mark)) scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return scheme == "http" || scheme == "https";
}

std::string html_to_markdown(std::string_view html, bool* flattened) {
    const ParsedHtml doc = parse_html(html, kBodyBounds);
    if (flattened) *flattened = doc.flattened();
    if (!doc.root()) return {};
    return blocks_md(doc.root(), 0);
}

std::string wordpress_html_to_markdown(std::string_view body, bool* flattened) {
    if (has_paragraph_tags(body)) return html_to_markdown(body, flattened);
    // Chunks between blank lines: a paragraph each, with its line breaks, unless it opens with
    // a block element (which keeps its own lines).
    std::string html;
    std::size_t i = 0;
    std::vector<std::string_view> lines;
    auto flush = [&] {
        if (lines.empty()) return;
        std::string_view first = lines.front();
        while (!first.empty() && is_space(first.front())) first.remove_prefix(1);
        const bool block = starts_block(first);
        html += block ? "" : "<p>";
        for (std::size_t n = 0; n < lines.size(); ++n) {
            if (n > 0) html += block ? "\n" : "<br>\n";
            html += lines[n];
        }
        html += block ? "\n" : "</p>\n";
        lines.clear();
    };
    while (i <= body.size()) {
        auto end = body.find('\n', i);
        std::string_view line = body.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) flush();
        else lines.push_back(line);
        if (end == std::string_view::npos) break;
        i = end + 1;
    }
    flush();
    return html_to_markdown(html, flattened);
}

}  // namespace tribune::portability
