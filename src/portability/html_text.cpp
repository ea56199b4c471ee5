#include "portability/html_text.hpp"

#include <gumbo.h>

#include <memory>
#include <vector>

namespace tribune::portability {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Paragraphs as they are built: inline text with white space collapsed as it comes.
class Paragraphs {
public:
    void text(std::string_view s) {
        for (char c : s) {
            if (is_space(c)) {
                space_ = !current_.empty() && current_.back() != '\n';
                continue;
            }
            if (space_) current_ += ' ';
            space_ = false;
            current_ += c;
        }
    }
    void line_break() {
        space_ = false;
        current_ += '\n';
    }
    // Ends the paragraph being built (nothing when it holds no text).
    void end() {
        space_ = false;
        auto first = current_.find_first_not_of(" \n");
        if (first != std::string::npos) {
            auto last = current_.find_last_not_of(" \n");
            std::string p = current_.substr(first, last - first + 1);
            // No space around a line break.
            std::string clean;
            for (std::size_t i = 0; i < p.size(); ++i) {
                if (p[i] == ' ' && ((i + 1 < p.size() && p[i + 1] == '\n') || (!clean.empty() && clean.back() == '\n')))
                    continue;
                clean += p[i];
            }
            done_.push_back(std::move(clean));
        }
        current_.clear();
    }
    // A finished paragraph added whole (a quote's lines).
    void add(std::string p) {
        end();
        if (!p.empty()) done_.push_back(std::move(p));
    }
    std::string joined() {
        end();
        std::string out;
        for (const auto& p : done_) {
            if (!out.empty()) out += "\n\n";
            out += p;
        }
        return out;
    }

private:
    std::string current_;
    bool space_ = false;
    std::vector<std::string> done_;
};

void walk(const GumboNode* node, Paragraphs& out);

void walk_children(const GumboNode* node, Paragraphs& out) {
    const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                     : node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) walk(static_cast<const GumboNode*>(children.data[i]), out);
}

// The text of an element's children as one paragraph's inline text.
std::string inline_text(const GumboNode* node) {
    Paragraphs p;
    walk_children(node, p);
    std::string s = p.joined();
    for (auto& c : s)
        if (c == '\n') c = ' ';
    return s;
}

std::string quoted(const std::string& text) {
    std::string out = "> ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "> ";
    }
    // Blank lines inside the quote carry the marker alone.
    std::string clean;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == ' ' && i > 0 && out[i - 1] == '>' && (i + 1 == out.size() || out[i + 1] == '\n')) continue;
        clean += out[i];
    }
    return clean;
}

void walk(const GumboNode* node, Paragraphs& out) {
    switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            out.text(node->v.text.text);
            return;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            break;
        case GUMBO_NODE_DOCUMENT:
            walk_children(node, out);
            return;
        default:
            return;  // comments
    }
    switch (node->v.element.tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_TEMPLATE:
            return;
        case GUMBO_TAG_BR:
            out.line_break();
            return;
        case GUMBO_TAG_P:
            out.end();
            walk_children(node, out);
            out.end();
            return;
        case GUMBO_TAG_BLOCKQUOTE: {
            Paragraphs inside;
            walk_children(node, inside);
            out.add(quoted(inside.joined()));
            return;
        }
        case GUMBO_TAG_A: {
            const GumboAttribute* href = gumbo_get_attribute(&node->v.element.attributes, "href");
            std::string url;
            if (href) {
                Paragraphs u;
                u.text(href->value);
                url = u.joined();
            }
            std::string label = inline_text(node);
            if (url.empty()) out.text(label);
            else if (label.empty() || label == url) out.text(url);
            else out.text(label + " (" + url + ")");
            return;
        }
        default:
            walk_children(node, out);
    }
}

// Bounds on what reaches the HTML parser: building the tree costs time in the square of its depth,
// so a hostile body of deeply nested tags would take minutes and gigabytes. Ordinary comments stay
// far below both.
constexpr int kMaxDepth = 100;
constexpr int kMaxTags = 5000;

bool is_tag_start(std::string_view html, std::size_t i) {
    if (i + 1 >= html.size()) return false;
    const char c = html[i + 1];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!';
}

bool tag_named(std::string_view tag, std::string_view name) {
    if (tag.size() < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if ((tag[i] | 0x20) != name[i]) return false;
    return tag.size() == name.size() || !((tag[name.size()] | 0x20) >= 'a' && (tag[name.size()] | 0x20) <= 'z');
}

// Whether the body stays within the bounds: tags counted, depth estimated (every opening tag
// but the void ones deepens, every closing tag rises), in one pass.
bool within_bounds(std::string_view html) {
    int tags = 0, depth = 0;
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] != '<' || !is_tag_start(html, i)) continue;
        if (++tags > kMaxTags) return false;
        const std::string_view rest = html.substr(i + 1);
        if (rest[0] == '/') depth = depth > 0 ? depth - 1 : 0;
        else if (rest[0] != '!' && !tag_named(rest, "br") && !tag_named(rest, "img") && !tag_named(rest, "hr") &&
                 !tag_named(rest, "wbr") && ++depth > kMaxDepth)
            return false;
    }
    return true;
}

// A body past the bounds keeps its text, paragraphs and line breaks; every other tag goes, in one
// linear pass, so what reaches the parser is flat.
std::string flattened(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<' || !is_tag_start(html, i)) {
            out += html[i++];
            continue;
        }
        const auto close = html.find('>', i);
        const std::string_view tag = html.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
        const std::string_view name = tag.substr(tag.starts_with('/') ? 1 : 0);
        if (tag_named(name, "p")) out += "<p>";
        else if (tag_named(name, "br")) out += "<br>";
        else out += ' ';
        if (close == std::string_view::npos) break;
        i = close + 1;
    }
    return out;
}

std::string parsed_text(std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // errors are not kept: a copy of the open elements each would be
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> doc(gumbo_parse_with_options(&options, html.data(), html.size()),
                                                             [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!doc) return {};
    Paragraphs out;
    walk(doc->document, out);
    return out.joined();
}

}  // namespace

std::string html_to_text(std::string_view html) {
    if (within_bounds(html)) return parsed_text(html);
    return parsed_text(flattened(html));
}

std::string text_with_html_to_text(std::string_view body) {
    // Paragraphs and line breaks made explicit, then the HTML rules. A line holding only white
    // space counts as blank.
    std::string html = "<p>";
    std::size_t i = 0;
    while (i < body.size()) {
        auto end = body.find('\n', i);
        std::string_view line = body.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
        if (blank) html += "</p><p>";
        else {
            if (html.size() > 3 && html.compare(html.size() - 3, 3, "<p>") != 0) html += "<br>";
            html += line;
        }
        if (end == std::string_view::npos) break;
        i = end + 1;
    }
    html += "</p>";
    return html_to_text(html);
}

std::string typed_text(std::string_view body) {
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\r') {
            out += '\n';
            if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
        } else {
            out += body[i];
        }
    }
    const auto first = out.find_first_not_of(" \t\n");
    if (first == std::string::npos) return {};
    return out.substr(first, out.find_last_not_of(" \t\n") - first + 1);
}

}  // namespace tribune::portability
