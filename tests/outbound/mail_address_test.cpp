#include "outbound/mail_address.hpp"

#include <gtest/gtest.h>

namespace tribune::outbound {
namespace {

TEST(MailAddressTest, PlainAddressesAreAccepted) {
    for (const char* a : {"reader@example.com", "a.b+tag@mail.example.org", "x@y", "o'brien@example.ie",
                          "UPPER@Example.COM"})
        EXPECT_TRUE(is_mail_address(a)) << a;
}

TEST(MailAddressTest, AnythingThatCouldCarryHeadersOrCommandsIsRefused) {
    for (const char* a : {"", "@example.com", "reader@", "reader", "a@b@c", "reader@example.com\r\nBcc: x@y",
                          "reader@example.com\n", "re ader@example.com", "<reader@example.com>", "reader@exa_mple.com",
                          ".reader@example.com", "reader.@example.com", "re..ader@example.com", "reader@example..com",
                          "reader@[127.0.0.1]", "\"quoted\"@example.com", "r\xC3\xA9@example.com",
                          "reader@example.com>", "a@b,c@d"})
        EXPECT_FALSE(is_mail_address(a)) << a;
    EXPECT_FALSE(is_mail_address(std::string(250, 'a') + "@b.cd"));
    EXPECT_FALSE(is_mail_address(std::string(65, 'a') + "@b.cd"));
    EXPECT_FALSE(is_mail_address(std::string("a\0b@c.d", 7)));
}

TEST(MailAddressTest, MailboxForms) {
    auto plain = parse_mailbox("  news@example.com ");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->name, "");
    EXPECT_EQ(plain->address, "news@example.com");

    auto named = parse_mailbox("The Daily Bugle <news@example.com>");
    ASSERT_TRUE(named);
    EXPECT_EQ(named->name, "The Daily Bugle");
    EXPECT_EQ(named->address, "news@example.com");

    auto quoted = parse_mailbox(R"("Bugle, \"Daily\"" <news@example.com>)");
    ASSERT_TRUE(quoted);
    EXPECT_EQ(quoted->name, R"(Bugle, "Daily")");

    auto utf8 = parse_mailbox("Gazette d'Érevan <news@example.am>");
    ASSERT_TRUE(utf8);
    EXPECT_EQ(utf8->name, "Gazette d'Érevan");
    EXPECT_EQ(mail_domain(utf8->address), "example.am");
}

TEST(MailAddressTest, BadMailboxesAreRefused) {
    for (const char* m : {"", "Name", "Name <>", "Name <not an address>", "Name <a@b", "Na\"me <a@b.c>",
                          "\"Name <a@b.c>", "Name\r\nBcc: x <a@b.c>", "Name <a@b.c> trailing", "\xFF <a@b.c>"})
        EXPECT_FALSE(parse_mailbox(m).has_value()) << m;
}

}  // namespace
}  // namespace tribune::outbound
