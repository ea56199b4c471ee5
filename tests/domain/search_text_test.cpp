// Search text: words only from what a reader types, the bounds, snippet markers, the search
// cursor, and article bodies as plain text.
#include "domain/search_text.hpp"

#include <gtest/gtest.h>

#include "domain/cursor.hpp"
#include "domain/markdown_text.hpp"

namespace tribune::domain {
namespace {

using Words = std::vector<std::string>;

TEST(SearchWords, KeepsOnlyWords) {
    EXPECT_EQ(search_words("harbour reopens").value(), (Words{"harbour", "reopens"}));
    EXPECT_EQ(search_words("\"harbour\" NEAR(a b) title:x -y z* ^w").value(),
              (Words{"harbour", "NEAR", "a", "b", "title", "x", "y", "z", "w"}));
    EXPECT_EQ(search_words("Café Ölund").value(), (Words{"Café", "Ölund"}));
    EXPECT_EQ(search_words("e-mail's").value(), (Words{"e", "mail", "s"}));
    EXPECT_TRUE(search_words("\"*:^() '").value().empty());
    EXPECT_TRUE(search_words("").value().empty());
}

TEST(SearchWords, RefusesLongQueriesAndManyWords) {
    EXPECT_TRUE(search_words(std::string(search_limits::kQueryBytes, 'a')));
    auto long_q = search_words(std::string(search_limits::kQueryBytes + 1, 'a'));
    ASSERT_FALSE(long_q);
    EXPECT_EQ(long_q.error().code, ErrorCode::kInvalid);
    ASSERT_EQ(long_q.error().fields.size(), 1u);
    EXPECT_EQ(long_q.error().fields[0].field, "q");
    EXPECT_TRUE(search_words("a b c d e f g h i j"));
    auto many = search_words("a b c d e f g h i j k");
    ASSERT_FALSE(many);
    EXPECT_EQ(many.error().fields[0].field, "q");
}

TEST(SearchWords, TheStoresBoundedWordsNeverSplitACharacter) {
    std::string q(search_limits::kQueryBytes - 1, 'a');
    q += "\xC3\xA9";  // é across the bound
    const auto words = bounded_search_words(q);
    ASSERT_EQ(words.size(), 1u);
    EXPECT_EQ(words[0], std::string(search_limits::kQueryBytes - 1, 'a'));
    EXPECT_EQ(bounded_search_words("a b c d e f g h i j k l").size(), search_limits::kTerms);
}

TEST(SnippetParts, SplitsAtMarkers) {
    const std::string marked = std::string("the ") + kMarkStart + "ferry" + kMarkEnd + " <b>runs</b>";
    EXPECT_EQ(snippet_parts(marked),
              (std::vector<SnippetPart>{{"the ", false}, {"ferry", true}, {" <b>runs</b>", false}}));
    // An unpaired marker only starts or ends a run.
    EXPECT_EQ(snippet_parts(std::string("a") + kMarkEnd + "b"), (std::vector<SnippetPart>{{"a", false}, {"b", false}}));
    EXPECT_TRUE(snippet_parts("").empty());
}

TEST(SearchCursor, RoundTripsAndRefusesOthers) {
    for (int offset : {1, 20, search_limits::kMaxDepth}) EXPECT_EQ(decode_search_cursor(encode_search_cursor(offset)).value(), offset);
    EXPECT_FALSE(decode_search_cursor(encode_search_cursor(0)));
    EXPECT_FALSE(decode_search_cursor(encode_search_cursor(search_limits::kMaxDepth + 1)));
    EXPECT_FALSE(decode_search_cursor(encode_search_cursor(-5)));
    EXPECT_FALSE(decode_search_cursor(""));
    EXPECT_FALSE(decode_search_cursor("zzz"));
    EXPECT_FALSE(decode_search_cursor(encode_article_cursor({from_micros(1), 1})));
    EXPECT_EQ(decode_search_cursor("bad").error().code, ErrorCode::kMalformed);
}

TEST(MarkdownPlainText, KeepsTheWordsAndDropsTheSyntax) {
    const std::string text = markdown_plain_text(
        "# Title **bold**\n\nA [link](https://x.example/secret) and ![alt text](/a.png) `<b>code</b>` "
        "<b>raw</b> ~~gone~~\n\n| a | b |\n|---|---|\n| cell1 | cell2 |\n\n> quoted\n\n- item\n\n```\nfenced\n```\n");
    for (const char* word : {"Title", "bold", "link", "alt text", "<b>code</b>", "raw", "gone", "cell1", "cell2",
                             "quoted", "item", "fenced"})
        EXPECT_NE(text.find(word), std::string::npos) << word << " in: " << text;
    for (const char* syntax : {"**", "](", "secret", "~~", "|", "```", "# ", "> quoted"})
        EXPECT_EQ(text.find(syntax), std::string::npos) << syntax << " in: " << text;
}

TEST(MarkdownPlainText, IndexesFootnoteTextWithoutTheirMarkers) {
    const std::string text = markdown_plain_text("The harbour reopened.[^src]\n\n[^src]: Port authority notice, *March*.\n");
    EXPECT_NE(text.find("The harbour reopened."), std::string::npos) << text;
    EXPECT_NE(text.find("Port authority notice, March."), std::string::npos) << text;
    EXPECT_EQ(text.find("[^"), std::string::npos) << text;
    EXPECT_EQ(text.find("src"), std::string::npos) << text;
}

TEST(MarkdownPlainText, HoldsNoSnippetMarkersOrOtherControls) {
    // cmark turns character references into the characters, controls included.
    const std::string text = markdown_plain_text("a &#2; b &#3; c &#127; d &#x85; e\x01 f &#xFFFF; g");
    EXPECT_EQ(text.find(kMarkStart), std::string::npos);
    EXPECT_EQ(text.find(kMarkEnd), std::string::npos);
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        EXPECT_TRUE(b == '\n' || b >= 0x20) << int{b};
        EXPECT_NE(b, 0x7F);
        EXPECT_NE(b, 0xFE);
        EXPECT_NE(b, 0xFF);
    }
    EXPECT_EQ(text.find("\xC2\x85"), std::string::npos);
}

}  // namespace
}  // namespace tribune::domain
