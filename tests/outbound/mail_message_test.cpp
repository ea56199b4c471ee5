#include "outbound/mail_message.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "outbound/mail_decoding.hpp"

namespace tribune::outbound {
namespace {

using mail_reading::decode_header_words;
using mail_reading::decode_quoted_printable;
using mail_reading::parse_mail;
using mail_reading::unfold;

MailMessage sample() {
    MailMessage m;
    m.from_name = "Gazette d'\xC3\x89revan";
    m.from_address = "news@example.am";
    m.to_address = "reader@example.com";
    m.subject = "Nouvelle r\xC3\xA9ponse \xC3\xA0 votre commentaire";
    m.text = "Someone replied:\n\n> Bien dit !\n.\nRead it at https://example.am/a/1";
    m.html = "<p>Someone replied:</p><blockquote>Bien dit&nbsp;!</blockquote>";
    m.message_id = "0123456789abcdef@example.am";
    m.date = domain::from_micros(1796646243'000000);  // 2026-12-07T12:24:03Z, a Monday
    return m;
}

std::vector<std::string> multipart_parts(const std::string& body, const std::string& boundary) {
    std::vector<std::string> parts;
    const std::string delimiter = "--" + boundary;
    auto at = body.find(delimiter + "\r\n");
    while (at != std::string::npos) {
        const auto start = at + delimiter.size() + 2;
        const auto next = body.find("\r\n" + delimiter, start);
        if (next == std::string::npos) break;
        parts.push_back(body.substr(start, next - start));
        at = body.compare(next + 2 + delimiter.size(), 2, "--") == 0 ? std::string::npos : next + 2;
    }
    return parts;
}

TEST(MailMessageTest, HeadersAndBothPartsReadBack) {
    const auto bytes = format_mail(sample());
    const auto mail = parse_mail(bytes);
    EXPECT_EQ(decode_header_words(unfold(mail.header("From"))), "Gazette d'\xC3\x89revan <news@example.am>");
    EXPECT_EQ(mail.header("To"), "reader@example.com");
    EXPECT_EQ(decode_header_words(unfold(mail.header("Subject"))), sample().subject);
    EXPECT_EQ(mail.header("Date"), "Mon, 07 Dec 2026 12:24:03 +0000");
    EXPECT_EQ(mail.header("Message-ID"), "<0123456789abcdef@example.am>");
    EXPECT_EQ(mail.header("MIME-Version"), "1.0");
    EXPECT_EQ(mail.header("Auto-Submitted"), "auto-generated");
    EXPECT_EQ(mail.headers.count("List-Unsubscribe"), 0u);

    const auto content_type = unfold(mail.header("Content-Type"));
    const std::string prefix = "multipart/alternative; boundary=\"";
    ASSERT_EQ(content_type.rfind(prefix, 0), 0u);
    const auto boundary = content_type.substr(prefix.size(), content_type.size() - prefix.size() - 1);
    EXPECT_GE(boundary.size(), 30u);
    const auto parts = multipart_parts(mail.body, boundary);
    ASSERT_EQ(parts.size(), 2u);
    const auto text = parse_mail(parts[0]);
    EXPECT_EQ(text.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(text.header("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(decode_quoted_printable(text.body),
              "Someone replied:\r\n\r\n> Bien dit !\r\n.\r\nRead it at https://example.am/a/1");
    const auto html = parse_mail(parts[1]);
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(decode_quoted_printable(html.body), sample().html);
    EXPECT_NE(mail.body.find("--" + boundary + "--\r\n"), std::string::npos);
}

TEST(MailMessageTest, EveryLineEndsInCrlfStaysShortAndNoneIsALoneDot) {
    auto m = sample();
    m.text = std::string(3000, 'w') + "\n.\n" + "\xC3\xA9" + std::string(200, 'z');
    const auto bytes = format_mail(m);
    std::size_t start = 0;
    while (start < bytes.size()) {
        const auto end = bytes.find("\r\n", start);
        ASSERT_NE(end, std::string::npos) << "the message ends without CRLF";
        const auto line = bytes.substr(start, end - start);
        EXPECT_EQ(line.find('\n'), std::string::npos);
        EXPECT_EQ(line.find('\r'), std::string::npos);
        EXPECT_LE(line.size(), 78u) << line;
        EXPECT_NE(line, ".");
        start = end + 2;
    }
}

TEST(MailMessageTest, UnsubscribeHeadersForReaderMail) {
    auto m = sample();
    m.unsubscribe_url = "https://example.am/unsubscribe?t=abc123";
    const auto mail = parse_mail(format_mail(m));
    EXPECT_EQ(mail.header("List-Unsubscribe"), "<https://example.am/unsubscribe?t=abc123>");
    EXPECT_EQ(mail.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
}

TEST(MailMessageTest, TextOnlyMailIsOnePart) {
    auto m = sample();
    m.html.clear();
    const auto mail = parse_mail(format_mail(m));
    EXPECT_EQ(mail.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(mail.header("Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(decode_quoted_printable(mail.body).substr(0, 16), "Someone replied:");
}

TEST(MailMessageTest, SubjectAndNameCannotAddHeaders) {
    auto m = sample();
    m.subject = "Hello\r\nBcc: victim@example.net\r\n\r\nbody";
    m.from_name = "Eve\nReply-To: eve@evil.example";
    const auto mail = parse_mail(format_mail(m));
    EXPECT_EQ(mail.headers.count("Bcc"), 0u);
    EXPECT_EQ(mail.headers.count("Reply-To"), 0u);
    for (const auto& line : mail.header_lines) {
        EXPECT_EQ(line.rfind("Bcc", 0), std::string::npos) << line;
        EXPECT_EQ(line.rfind("Reply-To", 0), std::string::npos) << line;
    }
    EXPECT_EQ(decode_header_words(unfold(mail.header("Subject"))), "Hello  Bcc: victim@example.net    body");
    EXPECT_EQ(decode_header_words(unfold(mail.header("From"))), "\"Eve Reply-To: eve@evil.example\" <news@example.am>");
}

TEST(MailMessageTest, BadAddressesAndIdsAreRefused) {
    auto with = [](auto change) {
        auto m = sample();
        change(m);
        return m;
    };
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.to_address = "reader@example.com\r\nBcc: x@y.z"; })),
                 std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.from_address = "news@example.am\n"; })), std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.from_address = std::string("a\0@b.c", 6); })),
                 std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.message_id = "id@x>\r\nBcc: y@z"; })), std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.message_id = "no-at-sign"; })), std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.unsubscribe_url = "https://x.y/\r\nBcc: a@b"; })),
                 std::invalid_argument);
    EXPECT_THROW(format_mail(with([](MailMessage& m) { m.unsubscribe_url = "javascript:alert(1)"; })),
                 std::invalid_argument);
}

TEST(MailMessageTest, BoundariesDifferBetweenMessages) {
    const auto a = parse_mail(format_mail(sample())).header("Content-Type");
    const auto b = parse_mail(format_mail(sample())).header("Content-Type");
    EXPECT_NE(a, b);
}

TEST(MailMessageTest, NewMessageIdsUseTheSendersDomain) {
    const auto a = new_message_id("news@example.am");
    const auto b = new_message_id("news@example.am");
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 32u + 1 + 10);
    EXPECT_EQ(a.substr(32), "@example.am");
}

}  // namespace
}  // namespace tribune::outbound
