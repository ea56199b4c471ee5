// The one file that calls libgumbo's parser; html_text.cpp and html_markdown.cpp walk its tree.
//
// The parser is not given the body as written but the same body tokenized here by the HTML rules
// and written again unambiguously: text with every "<" as "&lt;", tags with only the attributes
// the walkers read (href, src, alt; once each), no comments, scripts or styles. So the parser
// reads exactly the tokens read here (a comment, a quoted value or a script cannot make it see
// tags that were not counted), the bounds are estimated on those tokens, and no tag carries
// thousands of attributes (the parser compares each with those before it).
#include "portability/html_parse.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tribune::portability {
namespace {

bool parse_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char parse_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
bool parse_is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return parse_lower(x) == parse_lower(y);
           });
}

template <std::size_t N>
bool named_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return same_name(name, n); });
}

// Elements whose contents the tokenizer reads as text up to their end tag: left out whole (the
// walkers drop them), but for title and textarea, whose text is kept.
constexpr std::array<std::string_view, 6> kRawText{"script", "style", "xmp", "iframe", "noembed", "noframes"};
constexpr std::array<std::string_view, 2> kEscapableText{"title", "textarea"};
// The attributes the walkers read.
constexpr std::array<std::string_view, 3> kKeptAttributes{"href", "src", "alt"};

struct HtmlToken {
    enum class Kind { kText, kStart, kEnd } kind = Kind::kText;
    std::string_view text;  // kText: as written (references kept for the parser to decode)
    std::string_view name;  // kStart, kEnd
    bool self_closing = false;
    std::array<std::optional<std::string_view>, kKeptAttributes.size()> attributes{};  // raw values
};

// The tokens of a body by the HTML tokenizer's rules for text, tags, attributes, comments and
// the elements read as text. One token at a time, in one pass.
class HtmlTokens {
public:
    explicit HtmlTokens(std::string_view html) : html_(html) {}

    std::optional<HtmlToken> next() {
        while (i_ < html_.size()) {
            if (!pending_text_end_.empty()) {
                HtmlToken t = text_up_to_end_tag();
                if (keep_pending_text_) return t;
                continue;
            }
            if (html_[i_] != '<') return text_run();
            const char c = i_ + 1 < html_.size() ? html_[i_ + 1] : '\0';
            const bool end_tag = c == '/' && i_ + 2 < html_.size() && parse_is_letter(html_[i_ + 2]);
            if (parse_is_letter(c) || end_tag) {
                if (auto t = tag(end_tag)) return t;
                continue;  // left out
            }
            if (c == '!' && html_.substr(i_, 4) == "<!--") {
                skip_comment();
                continue;
            }
            if (c == '!' || c == '?' || c == '/') {  // bogus comments, doctypes, "</>"
                const auto close = html_.find('>', i_ + 1);
                i_ = close == std::string_view::npos ? html_.size() : close + 1;
                continue;
            }
            HtmlToken lone;  // a "<" that starts nothing is text
            lone.text = html_.substr(i_++, 1);
            return lone;
        }
        return std::nullopt;
    }

private:
    HtmlToken text_run() {
        const auto end = std::min(html_.find('<', i_), html_.size());
        HtmlToken t;
        t.text = html_.substr(i_, end - i_);
        i_ = end;
        return t;
    }

    // The text of a title or textarea, or the contents of a script, up to its end tag.
    HtmlToken text_up_to_end_tag() {
        const std::string_view name = pending_text_end_;
        pending_text_end_ = {};
        std::size_t end = html_.size();
        for (auto at = html_.find("</", i_); at != std::string_view::npos; at = html_.find("</", at + 2)) {
            const std::size_t after = at + 2 + name.size();
            if (same_name(html_.substr(at + 2, name.size()), name) &&
                (after >= html_.size() || parse_is_space(html_[after]) || html_[after] == '/' || html_[after] == '>')) {
                end = at;
                break;
            }
        }
        HtmlToken t;
        t.text = html_.substr(i_, end - i_);
        i_ = end;
        return t;
    }

    // "<!--" to "-->" (or "--!>"); "<!-->" and "<!--->" end at once.
    void skip_comment() {
        std::size_t from = i_ + 4;
        if (html_.substr(from, 1) == ">") {
            i_ = from + 1;
            return;
        }
        if (html_.substr(from, 2) == "->") {
            i_ = from + 2;
            return;
        }
        for (std::size_t at = html_.find("--", from); at != std::string_view::npos; at = html_.find("--", at + 1)) {
            if (html_.substr(at + 2, 1) == ">") {
                i_ = at + 3;
                return;
            }
            if (html_.substr(at + 2, 2) == "!>") {
                i_ = at + 4;
                return;
            }
        }
        i_ = html_.size();
    }

    // A start or end tag: its name, then its attributes by the tokenizer's states (a ">" in a
    // quoted value does not end it). nullopt for a tag left out: one the text ends inside (as the
    // parser drops it) and those of the elements read as text that are left out whole.
    std::optional<HtmlToken> tag(bool closing) {
        HtmlToken t;
        t.kind = closing ? HtmlToken::Kind::kEnd : HtmlToken::Kind::kStart;
        std::size_t k = i_ + (closing ? 2 : 1);
        const std::size_t name_start = k;
        while (k < html_.size() && !parse_is_space(html_[k]) && html_[k] != '/' && html_[k] != '>') ++k;
        t.name = html_.substr(name_start, k - name_start);
        bool ended = false;
        while (k < html_.size() && !ended) {
            const char c = html_[k];
            if (c == '>') {
                ended = true;
                t.self_closing = html_[k - 1] == '/';
                ++k;
                break;
            }
            if (parse_is_space(c) || c == '/') {
                ++k;
                continue;
            }
            const std::size_t attr_start = k++;  // a name's first character may be "="
            while (k < html_.size() && !parse_is_space(html_[k]) && html_[k] != '/' && html_[k] != '>' &&
                   html_[k] != '=')
                ++k;
            const std::string_view attr = html_.substr(attr_start, k - attr_start);
            std::size_t v = k;
            while (v < html_.size() && parse_is_space(html_[v])) ++v;
            std::string_view value;
            if (v < html_.size() && html_[v] == '=') {
                ++v;
                while (v < html_.size() && parse_is_space(html_[v])) ++v;
                if (v < html_.size() && (html_[v] == '"' || html_[v] == '\'')) {
                    const auto close = html_.find(html_[v], v + 1);
                    value = html_.substr(v + 1, close == std::string_view::npos ? close : close - v - 1);
                    k = close == std::string_view::npos ? html_.size() : close + 1;
                } else {
                    const std::size_t value_start = v;
                    while (v < html_.size() && !parse_is_space(html_[v]) && html_[v] != '>') ++v;
                    value = html_.substr(value_start, v - value_start);
                    k = v;
                }
            }
            for (std::size_t a = 0; a < kKeptAttributes.size(); ++a)
                if (!t.attributes[a] && same_name(attr, kKeptAttributes[a])) t.attributes[a] = value;
        }
        i_ = k;
        if (!ended) return std::nullopt;
        if (named_one_of(t.name, kRawText)) {
            if (!closing) {
                pending_text_end_ = t.name;
                keep_pending_text_ = false;
            }
            return std::nullopt;
        }
        if (!closing && named_one_of(t.name, kEscapableText)) {
            pending_text_end_ = t.name;
            keep_pending_text_ = true;
        }
        if (!closing && same_name(t.name, "plaintext")) {  // the rest is text
            HtmlToken rest;
            rest.text = html_.substr(i_);
            i_ = html_.size();
            return rest;
        }
        return t;
    }

    std::string_view html_;
    std::size_t i_ = 0;
    std::string_view pending_text_end_;  // the element whose text comes next
    bool keep_pending_text_ = false;
};

// Text as the parser reads it back the same: "<" written as a reference.
void append_text(std::string& out, std::string_view text) {
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else out += c;
    }
}

// The tokens written again: what the parser is given.
std::string rewritten(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    HtmlTokens tokens(html);
    while (auto t = tokens.next()) {
        switch (t->kind) {
            case HtmlToken::Kind::kText:
                append_text(out, t->text);
                break;
            case HtmlToken::Kind::kStart:
                out += '<';
                out += t->name;
                for (std::size_t a = 0; a < kKeptAttributes.size(); ++a) {
                    if (!t->attributes[a]) continue;
                    out += ' ';
                    out += kKeptAttributes[a];
                    out += "=\"";
                    for (char c : *t->attributes[a]) {
                        if (c == '"') out += "&quot;";
                        else out += c;
                    }
                    out += '"';
                }
                out += t->self_closing ? "/>" : ">";
                break;
            case HtmlToken::Kind::kEnd:
                out += "</";
                out += t->name;
                out += '>';
                break;
        }
    }
    return out;
}

// A body past the bounds: its text, paragraphs and line breaks, nothing else.
std::string flattened(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    HtmlTokens tokens(html);
    while (auto t = tokens.next()) {
        if (t->kind == HtmlToken::Kind::kText) append_text(out, t->text);
        else if (same_name(t->name, "p")) out += "<p>";
        else if (same_name(t->name, "br")) out += "<br>";
        else out += ' ';
    }
    return out;
}

constexpr std::array<std::string_view, 16> kVoidElements{"area", "base",  "br",    "col",   "embed", "hr",
                                                         "img",  "input", "link",  "meta",  "source", "track",
                                                         "wbr",  "param", "keygen", "basefont"};
// Elements the parser keeps in its list of active formatting elements until their end tag.
constexpr std::array<std::string_view, 14> kFormattingElements{"a",      "b",     "big", "code",   "em",
                                                               "font",   "i",     "nobr", "s",     "small",
                                                               "strike", "strong", "tt",  "u"};
// An element of these closes an open one of the same name straight above it (<td>a<td>b).
constexpr std::array<std::string_view, 4> kSelfEnding{"tr", "td", "th", "option"};

// Elements an end tag of another name never closes ("special" in the HTML rules): </span> stops
// at them. Foreign integration points are among them.
constexpr std::array<std::string_view, 91> kSpecialElements{
    "address",  "applet",   "area",     "article",  "aside",   "base",     "basefont", "bgsound",    "blockquote",
    "body",     "br",       "button",   "caption",  "center",  "col",      "colgroup", "dd",         "details",
    "dir",      "div",      "dl",       "dt",       "embed",   "fieldset", "figcaption", "figure",   "footer",
    "form",     "frame",    "frameset", "h1",       "h2",      "h3",       "h4",       "h5",         "h6",
    "head",     "header",   "hgroup",   "hr",       "html",    "iframe",   "img",      "input",      "keygen",
    "li",       "link",     "listing",  "main",     "marquee", "menu",     "meta",     "nav",        "noembed",
    "noframes", "noscript", "object",   "ol",       "p",       "param",    "plaintext", "pre",       "script",
    "search",   "section",  "select",   "source",   "style",   "summary",  "table",    "tbody",      "td",
    "template", "textarea", "tfoot",    "th",       "thead",   "title",    "tr",       "track",      "ul",
    "wbr",      "xmp",      "mi",       "mo",       "mn",      "ms",       "mtext",    "annotation-xml",
    "foreignobject", "desc"};
// End tags that close their element through the special ones above it, up to the edge of a scope
// (the others stop at a special element). </form> is apart: it takes the form alone out.
constexpr std::array<std::string_view, 39> kClosedInScope{
    "address", "article", "aside",   "blockquote", "button", "center", "details", "dialog",  "dir",     "div",
    "dl",      "fieldset", "figcaption", "figure", "footer", "header", "hgroup",  "listing", "main",    "menu",
    "nav",     "ol",      "pre",     "search",     "section", "summary", "ul",     "dd",      "dt",      "li",
    "p",       "h1",      "h2",      "h3",         "h4",     "h5",     "h6",      "marquee", "object"};
// Where the search of such an end tag for its element stops (the edges of the parser's scopes).
constexpr std::array<std::string_view, 20> kScopeEdges{
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "svg", "math",
    "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
// Start tags before which the parser closes an open <p> (headings too).
constexpr std::array<std::string_view, 33> kClosesParagraph{
    "address", "article", "aside",  "blockquote", "center",  "details", "dialog", "dir",     "div",
    "dl",      "fieldset", "figcaption", "figure", "footer",  "header",  "hgroup", "main",    "menu",
    "nav",     "ol",      "p",      "search",     "section", "summary", "ul",     "pre",     "listing",
    "form",    "hr",      "xmp",    "li",         "dd",      "dt"};
// The document's own elements: the parser makes each once and ignores them later in a body.
constexpr std::array<std::string_view, 3> kDocumentElements{"html", "head", "body"};

// The parser's open elements and list of active formatting elements, estimated from above by
// its rules: every opening tag but a void one deepens (a self-closed one inside <svg> or <math>
// does not); what the parser closes before opening a tag (a <p> before a block, a list item
// before a list item...) is closed; an end tag closes up to the open element of its name, within
// the parser's rules for where it may look, never further; a formatting element stays active
// until its own end tag, and text or inline content after something else closed it opens a copy
// of it again, every copy counted. Where a rule is not followed the estimate holds more than the
// parser, and whatever it misses, max_tags bounds the parser's work. Linear: the stack and the
// list never exceed the bounds.
class ParseEstimate {
public:
    explicit ParseEstimate(const HtmlBounds& bounds) : bounds_(bounds) {}

    bool text() { return reconstruct(); }

    bool start(std::string_view name, bool self_closing) {
        ++nodes_;
        if (named_one_of(name, kDocumentElements)) return within();
        closes_before(name);
        // Content reconstructs, blocks do not: the copies go into the block, closed with it.
        if (!named_one_of(name, kSpecialElements) && !reconstruct()) return false;
        if (named_one_of(name, kVoidElements)) return within();
        // Self-closed in SVG or MathML it opens nothing; should the parser read it as HTML after
        // all (it left the <svg> sooner than estimated), each may nest: at most kMaxSelfClosed.
        if (self_closing && self_closed_ < kMaxSelfClosed && std::any_of(open_.begin(), open_.end(), [](const Open& o) {
                return same_name(o.name, "svg") || same_name(o.name, "math");
            })) {
            ++self_closed_;
            return within();
        }
        if (!open_.empty() && named_one_of(name, kSelfEnding) && same_name(open_.back().name, name))
            pop_to(open_.size() - 1);
        // A cell or row outside a row or table section: the parser opens the missing ones.
        const bool cell = same_name(name, "td") || same_name(name, "th");
        const std::string_view wrapper = cell ? "tr" : "tbody";
        if ((cell || same_name(name, "tr")) && (open_.empty() || !same_name(open_.back().name, wrapper))) {
            if (cell) open_.push_back(opened("tbody", 0));
            open_.push_back(opened(wrapper, 0));
            nodes_ += cell ? 2 : 1;
        }
        std::uint64_t id = 0;
        if (named_one_of(name, kFormattingElements)) {
            id = ++last_id_;
            active_.push_back({name, id, true});
        }
        open_.push_back(opened(name, id));
        return within();
    }

    bool end(std::string_view name) {
        if (named_one_of(name, kFormattingElements)) return end_formatting(name);
        if (named_one_of(name, kDocumentElements)) return within();
        if (same_name(name, "form")) {
            for (std::size_t d = open_.size(); d > 0; --d)
                if (same_name(open_[d - 1].name, "form")) {
                    if (!edge_above(d - 1)) open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(d - 1));
                    break;
                }
            return within();
        }
        if (is_heading(name)) {  // closes the nearest heading of any level
            for (std::size_t d = open_.size(); d > 0; --d) {
                if (is_heading(open_[d - 1].name)) {
                    pop_to(d - 1);
                    break;
                }
                if (open_[d - 1].edge) break;
            }
            return within();
        }
        const bool special = named_one_of(name, kClosedInScope);
        const bool p = same_name(name, "p"), li = same_name(name, "li");
        for (std::size_t d = open_.size(); d > 0; --d) {
            const Open& o = open_[d - 1];
            if (same_name(o.name, name)) {
                pop_to(d - 1);
                break;
            }
            if (special ? o.edge || (p && same_name(o.name, "button")) ||
                              (li && (same_name(o.name, "ol") || same_name(o.name, "ul")))
                        : o.special)
                break;
        }
        return within();
    }

private:
    // What the parser closes before it opens `name`, as it would: an open <p> before a block,
    // the list item before a list item, a heading before a heading, a button before a button,
    // an <a> or <nobr> before another. Without it, an end tag could later close through what
    // the parser no longer holds.
    void closes_before(std::string_view name) {
        if (same_name(name, "a") || same_name(name, "nobr")) {
            if (std::any_of(active_.begin(), active_.end(), [&](const Active& a) { return same_name(a.name, name); }))
                end_formatting(name);
            return;
        }
        if (same_name(name, "button")) {
            close_in_scope([](const Open& o) { return same_name(o.name, "button"); }, false);
            return;
        }
        const bool li = same_name(name, "li"), dd = same_name(name, "dd") || same_name(name, "dt");
        if (li || dd) {
            for (std::size_t d = open_.size(); d > 0; --d) {
                const Open& o = open_[d - 1];
                if (li ? same_name(o.name, "li") : same_name(o.name, "dd") || same_name(o.name, "dt")) {
                    pop_to(d - 1);
                    break;
                }
                if (o.special && !same_name(o.name, "address") && !same_name(o.name, "div") && !same_name(o.name, "p"))
                    break;
            }
        }
        if (named_one_of(name, kClosesParagraph) || is_heading(name))
            close_in_scope([](const Open& o) { return same_name(o.name, "p"); }, true);
        if (is_heading(name) && !open_.empty() && is_heading(open_.back().name)) pop_to(open_.size() - 1);
    }
    // Pops to the nearest open element `is` names, unless a scope's edge (or a button, for a
    // paragraph) comes first.
    template <class Is>
    void close_in_scope(Is is, bool button_edge) {
        for (std::size_t d = open_.size(); d > 0; --d) {
            const Open& o = open_[d - 1];
            if (is(o)) {
                pop_to(d - 1);
                return;
            }
            if (o.edge || (button_edge && same_name(o.name, "button"))) return;
        }
    }
    static bool is_heading(std::string_view name) {
        return name.size() == 2 && (name[0] | 0x20) == 'h' && name[1] >= '1' && name[1] <= '6';
    }
    struct Open {
        std::string_view name;
        std::uint64_t active = 0;  // the active formatting element it is, 0 for none
        bool special = false;      // in kSpecialElements
        bool edge = false;         // in kScopeEdges
    };
    static Open opened(std::string_view name, std::uint64_t active) {
        return {name, active, named_one_of(name, kSpecialElements), named_one_of(name, kScopeEdges)};
    }
    struct Active {
        std::string_view name;
        std::uint64_t id = 0;
        bool open = false;  // on the stack
    };
    // The parser copies the elements the list holds that are no longer open, before content.
    bool reconstruct() {
        for (auto& a : active_) {
            if (a.open) continue;
            a.open = true;
            open_.push_back(opened(a.name, a.id));
            ++nodes_;
        }
        return within();
    }
    void pop_to(std::size_t depth) {
        while (open_.size() > depth) {
            closed(open_.back().active);
            open_.pop_back();
        }
    }
    void closed(std::uint64_t active) {
        if (active == 0) return;
        for (auto& a : active_)
            if (a.id == active) a.open = false;
    }
    // Out of scope (a table or cell between) the parser ignores it. Otherwise the element leaves
    // the list: without a block opened inside it, it is closed with what is open inside it;
    // with one, the parser mends the misnesting by moving that block out (its depth stays) and
    // copying elements, a bounded number each time.
    bool end_formatting(std::string_view name) {
        std::size_t a = active_.size();
        while (a > 0 && !same_name(active_[a - 1].name, name)) --a;
        if (a == 0) return within();
        const std::uint64_t id = active_[a - 1].id;
        std::size_t d = open_.size();
        while (d > 0 && open_[d - 1].active != id) --d;
        if (d > 0 && edge_above(d - 1)) return within();
        active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(a - 1));
        if (d == 0) return within();
        const bool block_inside = std::any_of(open_.begin() + static_cast<std::ptrdiff_t>(d), open_.end(),
                                              [](const Open& o) { return o.special; });
        if (!block_inside) {
            pop_to(d - 1);
            return within();
        }
        nodes_ += kMaxMendCopies;
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(d - 1));
        return within();
    }
    bool edge_above(std::size_t index) const {
        return std::any_of(open_.begin() + static_cast<std::ptrdiff_t>(index) + 1, open_.end(),
                           [](const Open& o) { return o.edge; });
    }
    bool within() const {
        return open_.size() <= bounds_.max_depth && active_.size() <= bounds_.max_depth && nodes_ <= bounds_.max_tags;
    }

    static constexpr std::size_t kMaxMendCopies = 32;  // 8 rounds of at most 4 copies
    static constexpr std::size_t kMaxSelfClosed = 1000;
    std::size_t self_closed_ = 0;
    const HtmlBounds& bounds_;
    std::vector<Open> open_;
    std::vector<Active> active_;
    std::uint64_t last_id_ = 0;
    std::size_t nodes_ = 0;
};

// Whether the parser stays within the bounds on the tokens of `html`: tags and the elements the
// parser makes counted, depth and active formatting elements estimated from above
// (ParseEstimate), in one linear pass.
bool within_bounds(std::string_view html, const HtmlBounds& bounds) {
    std::size_t tags = 0;
    ParseEstimate estimate(bounds);
    HtmlTokens tokens(html);
    while (auto t = tokens.next()) {
        if (t->kind == HtmlToken::Kind::kText) {
            if (!estimate.text()) return false;
            continue;
        }
        if (++tags > bounds.max_tags) return false;
        if (!(t->kind == HtmlToken::Kind::kEnd ? estimate.end(t->name) : estimate.start(t->name, t->self_closing)))
            return false;
    }
    return true;
}

}  // namespace

void ParsedHtml::Free::operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }

ParsedHtml parse_html(std::string_view html, const HtmlBounds& bounds) {
    ParsedHtml parsed;
    parsed.flattened_ = !within_bounds(html, bounds);
    parsed.text_ = std::make_unique<std::string>(parsed.flattened_ ? flattened(html) : rewritten(html));
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // errors are not kept: a copy of the open elements each would be
    parsed.output_.reset(gumbo_parse_with_options(&options, parsed.text_->data(), parsed.text_->size()));
    return parsed;
}

}  // namespace tribune::portability
