// Imported article bodies: structure kept as Markdown, everything outside the allow-list gone,
// and hostile markup or text never turned into markup.
#include "portability/html_markdown.hpp"

#include <gtest/gtest.h>

#include <random>

#include "render/markdown.hpp"

namespace tribune::portability {
namespace {

// The values of every `name="..."` attribute in `html`, in order (std::regex is avoided: g++ 12
// warns falsely inside it under the sanitizers).
std::vector<std::string> attribute_values(const std::string& html, std::string_view name) {
    std::vector<std::string> out;
    const std::string key = std::string(name) + "=\"";
    for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
        const std::size_t from = at + key.size();
        const std::size_t to = html.find('"', from);
        if (to == std::string::npos) break;
        out.push_back(html.substr(from, to - from));
    }
    return out;
}

TEST(HtmlMarkdown, KeepsParagraphsHeadingsAndEmphasis) {
    EXPECT_EQ(html_to_markdown("<h2>The  harbour</h2><p>It <strong>reopens</strong> on <em>Monday</em>.</p><p>Second</p>"),
              "## The harbour\n\nIt **reopens** on *Monday*.\n\nSecond");
    EXPECT_EQ(html_to_markdown("<p>one<br>two</p>"), "one\\\ntwo");
    EXPECT_EQ(html_to_markdown("<p><b> spaced </b>out</p>"), "**spaced** out");
}

TEST(HtmlMarkdown, KeepsListsQuotesAndCode) {
    EXPECT_EQ(html_to_markdown("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>"),
              "- one\n- two\n  - inner");
    EXPECT_EQ(html_to_markdown("<ol><li>first</li><li>second</li></ol>"), "1. first\n2. second");
    EXPECT_EQ(html_to_markdown("<blockquote><p>Said</p><p>twice</p></blockquote>"), "> Said\n>\n> twice");
    EXPECT_EQ(html_to_markdown("<pre><code>a &lt; b\n  *x*</code></pre>"), "```\na < b\n  *x*\n```");
    EXPECT_EQ(html_to_markdown("<p>use <code>a`b</code></p>"), "use ``a`b``");
}

TEST(HtmlMarkdown, KeepsLinksAndImagesWithAltText) {
    EXPECT_EQ(html_to_markdown("<p><a href=\"https://example.org/a b\">the site</a></p>"),
              "[the site](https://example.org/a%20b)");
    EXPECT_EQ(html_to_markdown("<p><a href=\"/local\">here</a></p>"), "[here](/local)");
    EXPECT_EQ(html_to_markdown("<p><img src=\"https://old.example/h.jpg\" alt=\"The harbour [at] dawn\"></p>"),
              "![The harbour \\[at\\] dawn](https://old.example/h.jpg)");
    EXPECT_EQ(html_to_markdown("<p><a href=\"https://x.example/(1)\">p</a></p>"), "[p](https://x.example/%281%29)");
}

TEST(HtmlMarkdown, DropsScriptsStylesFramesAndHandlers) {
    const std::string md = html_to_markdown(
        "<p onclick=\"steal()\">Hello<script>alert(1)</script></p><style>p{}</style>"
        "<iframe src=\"https://evil.example\">inside</iframe><object data=x>obj</object>"
        "<form><input value=v><button>Go</button></form><svg><script>x()</script><text>t</text></svg>"
        "<img src=x onerror=alert(2) alt=pic><noscript>ns</noscript>");
    EXPECT_EQ(md, "Hello\n\n![pic](x)");
    for (const char* bad : {"alert", "steal", "evil", "inside", "obj", "Go", "onerror", "ns", "p{}"})
        EXPECT_EQ(md.find(bad), std::string::npos) << bad;
}

TEST(HtmlMarkdown, OnlyHttpAndRelativeUrlsSurvive) {
    EXPECT_EQ(html_to_markdown("<p><a href=\"javascript:alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"JaVaScRiPt&#58;alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"java\tscript:alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"data:text/html,x\">d</a></p>"), "d");
    EXPECT_EQ(html_to_markdown("<p><img src=\"data:image/png;base64,AAAA\" alt=\"dot\"></p>"), "dot");
    EXPECT_EQ(html_to_markdown("<p><img src=\"vbscript:x\"></p>"), "");
    EXPECT_TRUE(is_allowed_body_url("HTTPS://example.org"));
    EXPECT_TRUE(is_allowed_body_url("photo.jpg"));
    EXPECT_TRUE(is_allowed_body_url("/a?b=c:d"));
    EXPECT_FALSE(is_allowed_body_url("mailto:x@example.org"));
    EXPECT_FALSE(is_allowed_body_url(""));
}

TEST(HtmlMarkdown, TextNeverBecomesMarkup) {
    // Decoded entities and Markdown syntax in text stay text.
    EXPECT_EQ(html_to_markdown("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), "\\<script\\>alert(1)\\</script\\>");
    EXPECT_EQ(html_to_markdown("<p>[x](javascript:alert(1)) *not* _em_</p>"),
              "\\[x\\](javascript:alert(1)) \\*not\\* \\_em\\_");
    EXPECT_EQ(html_to_markdown("<p># not a heading</p><p>- not a list</p><p>1. nor this</p>"),
              "\\# not a heading\n\n\\- not a list\n\n1\\. nor this");
    EXPECT_EQ(html_to_markdown("<p>a < b & c</p>"), "a \\< b \\& c");
}

TEST(HtmlMarkdown, DeepNestingIsBounded) {
    std::string html;
    for (int i = 0; i < 5000; ++i) html += "<div><blockquote>";
    html += "deep";
    const std::string md = html_to_markdown(html);
    EXPECT_LT(md.size(), 5000u);  // read as text past the bound, not quoted 5000 times
}

TEST(HtmlMarkdown, HostileBodiesConvertInBoundedTime) {
    // Each would take the parser minutes and gigabytes: its work grows with the square of the
    // nesting, of the formatting elements left open and of one tag's attributes.
    std::string divs, bolds, reopened, attributes = "<p";
    for (int i = 0; i < 200000; ++i) divs += "<div>";
    for (int i = 0; i < 200000; ++i) bolds += "<b>";
    for (int i = 0; i < 50000; ++i) reopened += "<p><b id=" + std::to_string(i) + "></p>";
    for (int i = 0; i < 200000; ++i) attributes += " a" + std::to_string(i) + "=1";
    attributes += ">text</p>";
    EXPECT_EQ(html_to_markdown(divs + "deep <i>text</i><script>alert(1)</script>"), "deep text");
    EXPECT_EQ(html_to_markdown(bolds + "bold"), "bold");
    EXPECT_EQ(html_to_markdown(reopened + "x"), "x");
    EXPECT_EQ(html_to_markdown(attributes), "text");
    // Misnested: an end tag that leaves the blocks it holds open, or that may not close them.
    std::string misnested, kept_open, copied = "<p>";
    for (int i = 0; i < 12000; ++i) misnested += "<b><div><div><div><div><div>x</b>";
    for (int i = 0; i < 30000; ++i) kept_open += "<span><div></span>";
    for (int i = 0; i < 50; ++i) copied += "<b id=" + std::to_string(i) + ">";
    copied += "</p>";
    for (int i = 0; i < 30000; ++i) copied += "<p>x</p>";  // 50 copies each: gigabytes of tree
    EXPECT_TRUE(html_to_markdown(misnested).starts_with("x x x")) << html_to_markdown(misnested).substr(0, 40);
    EXPECT_EQ(html_to_markdown(kept_open + "end"), "end");
    EXPECT_TRUE(html_to_markdown(copied).starts_with("x\n\nx\n\nx")) << html_to_markdown(copied).substr(0, 40);
    // A quote the parser reads inside a comment must not hide the tags after it, nor their
    // attributes, from the bounds.
    std::string hidden_tags = "<!-- a > <p title=' -->", hidden_attributes = hidden_tags + "<p q=\">\"";
    for (int i = 0; i < 200000; ++i) hidden_tags += "<div>";
    for (int i = 0; i < 200000; ++i) hidden_attributes += " a" + std::to_string(i);
    EXPECT_TRUE(html_to_markdown(hidden_tags + "'>end").ends_with("end"));
    EXPECT_TRUE(html_to_markdown(hidden_attributes + "> '>end").ends_with("end"));
    // Quotes prefix each line once per level: deep ones do not multiply a long body.
    std::string quoted;
    for (int i = 0; i < 90; ++i) quoted += "<blockquote>";
    quoted += "<pre>";
    for (int i = 0; i < 100000; ++i) quoted += "x\n";
    const std::string quoted_md = html_to_markdown(quoted);
    EXPECT_LT(quoted_md.size(), 20u * 200000u);
    EXPECT_TRUE(quoted_md.starts_with("> > > > > > > > ```\n> > > > > > > > x\n")) << quoted_md.substr(0, 100);
    // Ordinary bodies keep their structure: many tags, none deep.
    std::string long_body;
    for (int i = 0; i < 3000; ++i) long_body += "<p><b>a</b> <a href=\"/x\">b</a></p><ul><li>c</li><li>d</li></ul>";
    const std::string long_md = html_to_markdown(long_body);
    EXPECT_TRUE(long_md.starts_with("**a** [b](/x)\n\n- c\n- d")) << long_md.substr(0, 200);
}

TEST(HtmlMarkdown, WhatTheAllowListCheckedIsWhatTheRendererLinks) {
    // An entity written escaped reaches the allow-list as "&#106;avascript:..." (relative) and
    // must stay that, not become a scheme when the Markdown is rendered.
    for (const char* href : {"&amp;#106;avascript:alert(1)", "&amp;#109;ailto:x@example.org",
                             "&amp;#x64;ata:text/html,x", "&amp;colon;x"}) {
        const std::string md = html_to_markdown(std::string("<p><a href=\"") + href + "\">click</a> "
                                                "<img src=\"" + href + "\" alt=\"&amp;#106;\"></p>");
        const std::string html = render::markdown_to_html(md);
        for (const char* scheme : {"javascript:", "mailto:", "data:"})
            EXPECT_EQ(html.find(scheme), std::string::npos) << href << " -> " << md << " -> " << html;
        const auto hrefs = attribute_values(html, "href");
        ASSERT_FALSE(hrefs.empty()) << html;
        EXPECT_EQ(hrefs.front().find("&amp;"), 0u) << html;  // the "&" kept as written, escaped in HTML
    }
    // Query strings keep their "&".
    EXPECT_EQ(render::markdown_to_html(html_to_markdown("<p><a href=\"/s?a=1&amp;b=2\">s</a></p>")),
              "<p><a href=\"/s?a=1&amp;b=2\">s</a></p>\n");
    // A link inside a link keeps its text (Markdown would make the inner one win).
    const std::string nested = html_to_markdown(
        "<table><td><a href=\"/out\">out <table><td><a href=\"/in\">in</a></td></table></a></td></table>");
    EXPECT_TRUE(nested.starts_with("[out in")) << nested;
    EXPECT_TRUE(nested.ends_with("](/out)")) << nested;
    EXPECT_EQ(nested.find("/in"), std::string::npos) << nested;
}

// The scheme a browser reads in an href or src as the page writes it: references decoded, tabs
// and line breaks removed, control characters and spaces trimmed; "" for a relative URL.
std::string browser_scheme(std::string attr) {
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"},
                                   {"&#39;", "'"}, {"&amp;", "&"}})
        for (auto at = attr.find(from); at != std::string::npos; at = attr.find(from, at + to.size()))
            attr.replace(at, from.size(), to);
    std::string url;
    for (char c : attr)
        if (c != '\t' && c != '\n' && c != '\r') url += c;
    while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.erase(0, 1);
    std::size_t i = 0;
    while (i < url.size() && (std::isalnum(static_cast<unsigned char>(url[i])) || url[i] == '+' || url[i] == '-' ||
                              url[i] == '.'))
        ++i;
    if (i == 0 || i == url.size() || url[i] != ':' || !std::isalpha(static_cast<unsigned char>(url[0]))) return "";
    std::string scheme = url.substr(0, i);
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return scheme;
}

TEST(HtmlMarkdown, NoRenderedLinkLeavesTheAllowList) {
    // Bodies made of pieces that have fooled sanitizers, in many orders: whatever the renderer
    // makes of their Markdown, every href and src is http(s) or relative.
    const std::vector<std::string> urls = {
        "&amp;#106;avascript:alert(1)", "&amp;#x6A;avascript:x", "&amp;#109;ailto:a@b.example", "java&#x09;script:x",
        "&amp;Tab;javascript:x", "%6Aavascript:x", " javascript:x", "\\javascript:x", "&lt;javascript:x&gt;",
        "https://ok.example/a(b)c", "/a?b=1&amp;c=2", "data&amp;colon;text/html,x", "vbscript&amp;#58;x",
        "&amp;amp;#106;avascript:x", "http://x.example/&quot;onmouseover=&quot;x", "x) [y](javascript:z",
        "<javascript:x>", "&amp;lpar;", "\\&amp;#106;avascript:x", "&amp;#0000106avascript:x"};
    const std::vector<std::string> texts = {"[", "](", ")", "<", "&", "&amp;#106;", "\\", "`", "*",
                                            "![x](javascript:y)",
                                            "<https://x.example>", "javascript:x", "[a]: javascript:x", "\n"};
    std::mt19937 rng(12);
    for (int round = 0; round < 3000; ++round) {
        std::string html = "<p>";
        const int pieces = 1 + static_cast<int>(rng() % 6);
        for (int k = 0; k < pieces; ++k) {
            const std::string& url = urls[rng() % urls.size()];
            const std::string& text = texts[rng() % texts.size()];
            switch (rng() % 4) {
                case 0: html += "<a href=\"" + url + "\">" + text + "</a>"; break;
                case 1: html += "<img src=\"" + url + "\" alt=\"" + text + "\">"; break;
                case 2: html += "<a href=\"" + url + "\"><img src=\"" + urls[rng() % urls.size()] + "\"></a>"; break;
                default: html += text;
            }
        }
        const std::string md = html_to_markdown(html);
        const std::string rendered = render::markdown_to_html(md);
        for (const char* name : {"href", "src"})
            for (const std::string& value : attribute_values(rendered, name)) {
                const std::string scheme = browser_scheme(value);
                EXPECT_TRUE(scheme.empty() || scheme == "http" || scheme == "https")
                    << html << "\n-> " << md << "\n-> " << rendered;
            }
    }
}

TEST(WordPressBodies, BlankLinesSeparateParagraphs) {
    EXPECT_EQ(wordpress_html_to_markdown("First line\nsame paragraph\n\nSecond <em>one</em>\n\n<h2>Head</h2>\n\n"
                                         "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
              "First line\\\nsame paragraph\n\nSecond *one*\n\n## Head\n\n- a\n- b");
    // Bodies with <p> are taken as they are.
    EXPECT_EQ(wordpress_html_to_markdown("<p>one\ntwo</p>\n\n<p>three</p>"), "one two\n\nthree");
}

}  // namespace
}  // namespace tribune::portability
