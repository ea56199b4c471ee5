#pragma once
// The one way imported HTML reaches libgumbo (html_text and html_markdown), within bounds. The
// parser's work grows with the square of the tree's depth, of the open formatting elements and of
// one tag's attributes, and it copies formatting elements left open, so a hostile body of deeply
// nested tags took minutes and gigabytes. The body is tokenized here first and written again
// unambiguously, keeping only the attributes the walkers read; one past the bounds is flattened
// instead: its text, paragraphs and line breaks stay, every other tag goes. Comments, scripts and
// styles never reach the parser. Linear in time and memory.

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace tribune::portability {

struct HtmlBounds {
    // Tags, and the elements the parser makes of them: its work is at most quadratic in this.
    std::size_t max_tags = 5000;
    std::size_t max_depth = 100;   // open elements, and formatting elements left open (<b> without </b>)
};

/// A parsed document; its tree lives as long as it does.
class ParsedHtml {
public:
    /// The document node; nullptr when the parser could not allocate.
    const GumboNode* root() const { return output_ ? output_->document : nullptr; }
    /// Whether the body was past the bounds and parsed flattened.
    bool flattened() const { return flattened_; }

private:
    friend ParsedHtml parse_html(std::string_view html, const HtmlBounds& bounds);
    struct Free {
        void operator()(GumboOutput* o) const;
    };
    std::unique_ptr<std::string> text_;  // what the parser was given: the tree points into it
    std::unique_ptr<GumboOutput, Free> output_;
    bool flattened_ = false;
};

/// Parses `html` by the HTML rules, its elements keeping only the attributes href, src and alt,
/// flattened first when it is past `bounds` (an estimate that never counts less than the parser
/// would build). Time and memory are linear in its size.
ParsedHtml parse_html(std::string_view html, const HtmlBounds& bounds);

}  // namespace tribune::portability
