#include "render/mail_template.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

const std::vector<std::string_view> kAllowed{"site_name", "reader_name", "reply_text", "items", "link"};

MailTemplate parsed(std::string_view txt, std::string_view html) {
    std::string error;
    auto t = parse_mail_template(txt, html, kAllowed, error);
    EXPECT_TRUE(t.has_value()) << error;
    return t.value_or(MailTemplate{});
}

TEST(MailTemplate, ReadsTheSubjectLineAndBothBodies) {
    auto t = parsed("Subject: A reply on {{site_name}}\n\nHello {{reader_name}},\n{{reply_text}}\n",
                    "<p>Hello {{ reader_name }}</p>");
    EXPECT_EQ(t.subject, "A reply on {{site_name}}");
    EXPECT_EQ(t.text, "Hello {{reader_name}},\n{{reply_text}}\n");
    auto m = fill_mail(t, {{"site_name", {"The Ledger"}}, {"reader_name", {"Ana"}}, {"reply_text", {"Agreed."}}});
    EXPECT_EQ(m.subject, "A reply on The Ledger");
    EXPECT_EQ(m.text, "Hello Ana,\nAgreed.\n");
    EXPECT_EQ(m.html, "<p>Hello Ana</p>");
}

TEST(MailTemplate, AcceptsCrlfFiles) {
    auto t = parsed("Subject: Hi\r\n\r\nBody\r\n", "");
    EXPECT_EQ(t.subject, "Hi");
    EXPECT_EQ(t.text, "Body\r\n");
}

TEST(MailTemplate, EscapesReaderTextInHtmlButNotInText) {
    auto t = parsed("Subject: x\n\n{{reply_text}}", "<blockquote>{{reply_text}}</blockquote>");
    auto m = fill_mail(t, {{"reply_text", {"<script>alert(1)</script> & \"q\""}}});
    EXPECT_EQ(m.html, "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</blockquote>");
    EXPECT_EQ(m.text, "<script>alert(1)</script> & \"q\"");
}

TEST(MailTemplate, UsesTheHtmlFormOnlyWhereOneWasBuilt) {
    auto t = parsed("Subject: x\n\n{{items}}", "<ul>{{items}}</ul>");
    auto m = fill_mail(t, {{"items", {"- one\n- two\n", "<li>one</li><li>two</li>"}}});
    EXPECT_EQ(m.html, "<ul><li>one</li><li>two</li></ul>");
    EXPECT_EQ(m.text, "- one\n- two\n");
}

TEST(MailTemplate, ASubjectCannotGainLinesOrHeaders) {
    auto t = parsed("Subject: Reply from {{reader_name}}\n\nx", "");
    auto m = fill_mail(t, {{"reader_name", {"Eve\r\nBcc: all@example.test\x01"}}});
    EXPECT_EQ(m.subject, "Reply from Eve  Bcc: all@example.test ");
    EXPECT_EQ(m.subject.find('\n'), std::string::npos);
}

TEST(MailTemplate, ALongSubjectIsCutAtACharacterBoundary) {
    auto t = parsed("Subject: {{reader_name}}\n\nx", "");
    std::string name;
    for (int i = 0; i < 200; ++i) name += "\xD5\xA1";  // U+0561, two bytes each
    auto m = fill_mail(t, {{"reader_name", {name}}});
    EXPECT_LE(m.subject.size(), 300u);
    EXPECT_EQ(m.subject.size() % 2, 0u);
}

TEST(MailTemplate, AMissingValueIsEmpty) {
    auto t = parsed("Subject: [{{link}}]\n\n[{{link}}]", "[{{link}}]");
    auto m = fill_mail(t, {});
    EXPECT_EQ(m.subject, "[]");
    EXPECT_EQ(m.text, "[]");
    EXPECT_EQ(m.html, "[]");
}

TEST(MailTemplate, RefusesBadFilesWithAMessage) {
    std::string error;
    EXPECT_FALSE(parse_mail_template("Hello\n\nx", "", kAllowed, error));
    EXPECT_NE(error.find("Subject"), std::string::npos);
    EXPECT_FALSE(parse_mail_template("Subject: x\nno blank line", "", kAllowed, error));
    EXPECT_NE(error.find("blank line"), std::string::npos);
    EXPECT_FALSE(parse_mail_template("Subject: x\n\n{{password}}", "", kAllowed, error));
    EXPECT_NE(error.find("{{password}}"), std::string::npos);
    EXPECT_FALSE(parse_mail_template("Subject: x\n\nok", "<p>{{link</p>", kAllowed, error));
    EXPECT_NE(error.find("not closed"), std::string::npos);
    EXPECT_FALSE(parse_mail_template("Subject: x\n\n{{Bad Name}}", "", kAllowed, error));
    EXPECT_FALSE(parse_mail_template("Subject: x\n\n\xFF", "", kAllowed, error));
    EXPECT_NE(error.find("UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace tribune::render
