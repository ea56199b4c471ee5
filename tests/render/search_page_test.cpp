// The search page and its snippets: everything escaped, matched words in <mark>, the form
// labelled, the empty state and the Next link.
#include "render/search_page.hpp"

#include <gtest/gtest.h>

#include "domain/search_text.hpp"

namespace tribune::render {
namespace {

std::string marked(std::string_view before, std::string_view word, std::string_view after) {
    std::string s(before);
    s += domain::kMarkStart;
    s += word;
    s += domain::kMarkEnd;
    s += after;
    return s;
}

TEST(SnippetHtml, EscapesEverythingAndMarksTheMatches) {
    EXPECT_EQ(snippet_html(marked("<b>a</b> & ", "ferry", " \"runs\"")),
              "&lt;b&gt;a&lt;/b&gt; &amp; <mark>ferry</mark> &quot;runs&quot;");
    EXPECT_EQ(snippet_html(marked("", "<script>", "")), "<mark>&lt;script&gt;</mark>");
    EXPECT_EQ(snippet_html("plain"), "plain");
}

TEST(SearchPage, ShowsTheLabelledFormAloneBeforeASearch) {
    SearchView v;
    const std::string html = search_page(v);
    EXPECT_NE(html.find("<label for=\"search-q\">Search articles</label>"), std::string::npos);
    EXPECT_NE(html.find("id=\"search-q\" name=\"q\""), std::string::npos);
    EXPECT_NE(html.find("role=\"search\""), std::string::npos);
    EXPECT_EQ(html.find("No items found."), std::string::npos);
}

TEST(SearchPage, ShowsResultsOrTheEmptyStateAndLinksTheNextPage) {
    SearchView v;
    v.q = "ferry \"<x>\" & more";
    v.searched = true;
    const std::string empty = search_page(v);
    EXPECT_NE(empty.find("<p class=\"empty-state\">No items found.</p>"), std::string::npos);
    EXPECT_NE(empty.find("value=\"ferry &quot;&lt;x&gt;&quot; &amp; more\""), std::string::npos);
    EXPECT_EQ(empty.find("<x>"), std::string::npos);

    domain::Article a;
    a.slug = "ferry-news";
    a.title = "Ferry <news>";
    v.results.push_back({a, marked("the ", "ferry", " runs")});
    v.next_cursor = "czE6MjA";
    const std::string html = search_page(v);
    EXPECT_NE(html.find("<a href=\"/articles/ferry-news\">Ferry &lt;news&gt;</a>"), std::string::npos);
    EXPECT_NE(html.find("<p class=\"snippet\">the <mark>ferry</mark> runs</p>"), std::string::npos);
    EXPECT_NE(html.find("<time datetime="), std::string::npos);
    EXPECT_NE(html.find("<a rel=\"next\" href=\"/search?q=ferry%20%22%3Cx%3E%22%20%26%20more&amp;cursor=czE6MjA\">Next</a>"),
              std::string::npos)
        << html;
    EXPECT_EQ(html.find("No items found."), std::string::npos);
}

}  // namespace
}  // namespace tribune::render
