#include "outbound/mime_encoding.hpp"

#include <gtest/gtest.h>

#include "domain/utf8.hpp"
#include "outbound/mail_decoding.hpp"

namespace tribune::outbound {
namespace {

using mail_reading::decode_header_words;
using mail_reading::decode_quoted_printable;
using mail_reading::unfold;

std::vector<std::string> crlf_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find("\r\n", start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return lines;
        start = end + 2;
    }
}

TEST(MimeEncodingTest, QuotedPrintableRoundTripsWithCrlfLineEnds) {
    const std::string text = "Bonjour \xC3\xA0 tous = 100%\nSecond line with trailing space \nTab\tin\r\nend";
    const auto encoded = quoted_printable(text);
    EXPECT_EQ(encoded.find('\n'), encoded.find("\r\n") + 1);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '\n') {
            ASSERT_GT(i, 0u);
            EXPECT_EQ(encoded[i - 1], '\r');
        }
        EXPECT_FALSE(encoded[i] == '\r' && (i + 1 == encoded.size() || encoded[i + 1] != '\n'));
    }
    EXPECT_EQ(decode_quoted_printable(encoded),
              "Bonjour \xC3\xA0 tous = 100%\r\nSecond line with trailing space \r\nTab\tin\r\nend");
    EXPECT_NE(encoded.find("space=20\r\n"), std::string::npos);  // no trailing white space on a line
}

TEST(MimeEncodingTest, QuotedPrintableLinesStayWithinSeventySix) {
    std::string text(500, 'x');
    text += "\n" + std::string(300, '=') + "\n";
    for (int i = 0; i < 100; ++i) text += "\xD5\x80\xD5\xA1 ";  // Armenian, two bytes each
    const auto encoded = quoted_printable(text);
    for (const auto& line : crlf_lines(encoded)) EXPECT_LE(line.size(), 76u) << line;
    std::string expected;
    for (char c : text) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(decode_quoted_printable(encoded), expected);
}

TEST(MimeEncodingTest, NoLineIsALoneDot) {
    const std::string text = ".\n..\nA line\n.\n" + std::string(75, 'a') + ".b";
    const auto encoded = quoted_printable(text);
    for (const auto& line : crlf_lines(encoded)) {
        EXPECT_NE(line, ".");
        EXPECT_FALSE(!line.empty() && line[0] == '.') << line;
    }
    std::string expected;
    for (char c : text) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(decode_quoted_printable(encoded), expected);
}

TEST(MimeEncodingTest, HeaderSafeTextTurnsControlsIntoSpacesAndRepairsUtf8) {
    EXPECT_EQ(header_safe_text("a\r\nBcc: x@y"), "a  Bcc: x@y");
    EXPECT_EQ(header_safe_text(std::string("a\0b\tc\x7F", 6)), "a b c ");
    EXPECT_EQ(header_safe_text("ok \xFF\xC3"), "ok \xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(header_safe_text("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

TEST(MimeEncodingTest, ShortAsciiSubjectsStayReadable) {
    EXPECT_EQ(encode_header_text("New reply to your comment", 9), "New reply to your comment");
    const std::string long_text =
        "A rather long subject line that goes on and on about the reply someone wrote to your comment today";
    const auto folded = encode_header_text(long_text, 9);
    const auto lines = crlf_lines(folded);
    EXPECT_GT(lines.size(), 1u);
    EXPECT_LE(lines[0].size() + 9, 78u);
    for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i][0], ' ');
    EXPECT_EQ(unfold(folded), long_text);
}

TEST(MimeEncodingTest, NonAsciiSubjectsBecomeEncodedWordsThatNeverSplitACharacter) {
    std::string subject = "R\xC3\xA9ponse \xC3\xA0 votre commentaire ";
    for (int i = 0; i < 30; ++i) subject += "\xD5\x8A\xD5\xA1\xF0\x9F\x93\xB0 ";  // Armenian and an emoji
    const auto encoded = encode_header_text(subject, 9);
    const auto lines = crlf_lines(encoded);
    EXPECT_GT(lines.size(), 2u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_LE(lines[i].size() + (i == 0 ? 9 : 0), 78u) << lines[i];
        const auto word = i == 0 ? lines[i] : lines[i].substr(1);
        EXPECT_LE(word.size(), 75u);
        ASSERT_EQ(word.rfind("=?utf-8?B?", 0), 0u) << word;
        // Each word alone decodes to whole UTF-8 characters.
        const auto decoded = decode_header_words(word);
        EXPECT_TRUE(domain::is_valid_utf8(decoded)) << word;
    }
    EXPECT_EQ(decode_header_words(unfold(encoded)), subject);
}

TEST(MimeEncodingTest, AsciiThatLooksLikeAnEncodedWordIsEncoded) {
    const auto encoded = encode_header_text("=?utf-8?B?SGk=?=", 9);
    EXPECT_EQ(decode_header_words(unfold(encoded)), "=?utf-8?B?SGk=?=");
}

TEST(MimeEncodingTest, DisplayNames) {
    EXPECT_EQ(encode_display_name("The Daily Bugle", 6), "The Daily Bugle");
    EXPECT_EQ(encode_display_name("Bugle, Daily", 6), "\"Bugle, Daily\"");
    EXPECT_EQ(encode_display_name("Say \"hi\" \\ bye", 6), R"("Say \"hi\" \\ bye")");
    const auto encoded = encode_display_name("Gazette d'\xC3\x89revan", 6);
    EXPECT_EQ(encoded.rfind("=?utf-8?B?", 0), 0u);
    EXPECT_EQ(decode_header_words(unfold(encoded)), "Gazette d'\xC3\x89revan");
}

}  // namespace
}  // namespace tribune::outbound
