#include "portability/html_text.hpp"

#include <vector>

#include "portability/html_parse.hpp"

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

// Comments are short: bounds far above any real one (html_parse.hpp).
constexpr HtmlBounds kCommentBounds{.max_tags = 5000, .max_depth = 100};

}  // namespace

std::string html_to_text(std::string_view html) {
    const ParsedHtml doc = parse_html(html, kCommentBounds);
    if (!doc.root()) return {};
    Paragraphs out;
    walk(doc.root(), out);
    return out.joined();
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
