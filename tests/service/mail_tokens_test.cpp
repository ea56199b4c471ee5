#include "service/mail_tokens.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace tribune;
using namespace std::chrono_literals;
using service::MailToken;
using service::MailTokenPurpose;
using service::make_mail_token;
using service::read_mail_token;

namespace {

const std::string kKey(64, 'k');
const domain::Time kIssued = domain::from_micros(1'780'000'000'123'456);

MailToken token_for(MailTokenPurpose purpose, std::string email, std::string page = "") {
    return MailToken{purpose, std::move(email), std::move(page), kIssued};
}

void expect_same(const MailToken& a, const MailToken& b) {
    EXPECT_EQ(a.purpose, b.purpose);
    EXPECT_EQ(a.email, b.email);
    EXPECT_EQ(a.page, b.page);
    EXPECT_EQ(a.issued_at, b.issued_at);
}

TEST(MailTokens, RoundTripEveryPurpose) {
    for (const auto& t : {token_for(MailTokenPurpose::kConfirm, "ada@example.org"),
                          token_for(MailTokenPurpose::kUnsubscribeThread, "ada@example.org", "/articles/a-b"),
                          token_for(MailTokenPurpose::kUnsubscribeAll, "ada@example.org")}) {
        const std::string text = make_mail_token(t, kKey);
        EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
                  std::string::npos)
            << "URL-safe: " << text;
        const auto back = read_mail_token(text, kKey, kIssued + 1h);
        ASSERT_TRUE(back) << text;
        expect_same(*back, t);
    }
}

TEST(MailTokens, AddressesAndPagesWithAnyBytesRoundTrip) {
    const std::string page = std::string("a.b:7:c\0.\xff<script>", 19) + std::string(512, '.');
    const auto t = token_for(MailTokenPurpose::kUnsubscribeThread, "first.last:3@mail.example.org", page);
    const auto back = read_mail_token(make_mail_token(t, kKey), kKey, kIssued);
    ASSERT_TRUE(back);
    expect_same(*back, t);
}

TEST(MailTokens, ChangingAnyByteIsRefused) {
    const std::string text = make_mail_token(token_for(MailTokenPurpose::kUnsubscribeAll, "ada@example.org"), kKey);
    ASSERT_TRUE(read_mail_token(text, kKey, kIssued));
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (const char c : {'A', 'z', '0', '-', '.'}) {
            if (text[i] == c) continue;
            std::string changed = text;
            changed[i] = c;
            EXPECT_FALSE(read_mail_token(changed, kKey, kIssued)) << "byte " << i << " -> " << c;
        }
    }
    EXPECT_FALSE(read_mail_token(text.substr(0, text.size() - 1), kKey, kIssued));
    EXPECT_FALSE(read_mail_token(text + "A", kKey, kIssued));
    EXPECT_FALSE(read_mail_token(text.substr(0, text.find('.')), kKey, kIssued));
    EXPECT_FALSE(read_mail_token("", kKey, kIssued));
    EXPECT_FALSE(read_mail_token(".", kKey, kIssued));
}

TEST(MailTokens, AnotherKeyOrNoKeyIsRefused) {
    const std::string text = make_mail_token(token_for(MailTokenPurpose::kConfirm, "ada@example.org"), kKey);
    EXPECT_FALSE(read_mail_token(text, std::string(64, 'j'), kIssued));
    EXPECT_FALSE(read_mail_token(text, "", kIssued));
    // A token made with no key is no token either.
    EXPECT_FALSE(read_mail_token(make_mail_token(token_for(MailTokenPurpose::kConfirm, "a@b"), ""), "", kIssued));
}

TEST(MailTokens, ConfirmationExpiresAfterAWeekUnsubscribeNever) {
    const std::string confirm = make_mail_token(token_for(MailTokenPurpose::kConfirm, "ada@example.org"), kKey);
    EXPECT_TRUE(read_mail_token(confirm, kKey, kIssued + std::chrono::days{7}));
    EXPECT_FALSE(read_mail_token(confirm, kKey, kIssued + std::chrono::days{7} + 1us));
    for (const auto& t : {token_for(MailTokenPurpose::kUnsubscribeThread, "ada@example.org", "/p"),
                          token_for(MailTokenPurpose::kUnsubscribeAll, "ada@example.org")}) {
        EXPECT_TRUE(read_mail_token(make_mail_token(t, kKey), kKey, kIssued + std::chrono::days{3650}));
    }
}

TEST(MailTokens, OverLongTextIsRefusedUnread) {
    const std::string valid = make_mail_token(token_for(MailTokenPurpose::kUnsubscribeAll, "ada@example.org"), kKey);
    EXPECT_FALSE(read_mail_token(valid + std::string(2048, 'A'), kKey, kIssued));
    EXPECT_FALSE(read_mail_token(std::string(100'000, 'A') + "." + std::string(43, 'A'), kKey, kIssued));
    // The longest real token (a 254-byte address, a 512-byte page key) fits under the bound.
    const auto longest = token_for(MailTokenPurpose::kUnsubscribeThread, std::string(242, 'a') + "@example.org",
                                   std::string(512, 'p'));
    EXPECT_TRUE(read_mail_token(make_mail_token(longest, kKey), kKey, kIssued));
}

TEST(MailTokens, ThreadAndAddressTokensDoNotStandForEachOther) {
    // Same key, same address: the purpose is signed, so a confirmation cannot unsubscribe and
    // an "everything" link cannot be narrowed or widened by editing it.
    const auto all = read_mail_token(make_mail_token(token_for(MailTokenPurpose::kUnsubscribeAll, "a@b"), kKey), kKey,
                                     kIssued);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->purpose, MailTokenPurpose::kUnsubscribeAll);
    EXPECT_TRUE(all->page.empty());
}

}  // namespace
