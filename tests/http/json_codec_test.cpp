#include "http/json_codec.hpp"

#include <gtest/gtest.h>

using namespace tribune;
using namespace tribune::http;

namespace {
domain::Comment sample() {
    domain::Comment c;
    c.id = 42;
    c.page = "/articles/x";
    c.author.name = "Ada \"the\" <b>";
    c.text = "<script>alert(1)</script>\nline two \xF0\x9F\x98\x80";
    c.status = domain::CommentStatus::kPending;
    c.created_at = *domain::parse_rfc3339("2026-03-15T04:53:00Z");
    return c;
}
}  // namespace

TEST(JsonCodec, EncodesTheCommentShapeOfTheContract) {
    const std::string json = encode_comment(sample());
    for (const char* field : {R"("id":"42")", R"("parent_id":null)", R"("role":"reader")", R"("status":"pending")",
                              R"("created_at":"2026-03-15T04:53:00Z")", R"("edited":false)", R"("edited_at":null)",
                              R"("reply_count":0)", R"("replies":[])", R"("replies_next_cursor":null)"})
        EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
    EXPECT_NE(json.find(R"(<script>alert(1)</script>\nline two)"), std::string::npos);  // text exact, JSON-escaped
}

TEST(JsonCodec, DecodesNewCommentsAndRefusesWrongShapes) {
    auto d = decode_new_comment(R"({"page":"/p","text":"hi","author_name":"Ada","parent_id":"7"})");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->page, "/p");
    EXPECT_EQ(d->parent_id, 7);
    EXPECT_EQ(d->author_name, "Ada");
    EXPECT_EQ(decode_new_comment("{").error().code, domain::ErrorCode::kMalformed);
    EXPECT_EQ(decode_new_comment("[1]").error().code, domain::ErrorCode::kMalformed);
    EXPECT_EQ(decode_new_comment("{\"page\":\"/p\",\"text\":\"\xFF\"}").error().code, domain::ErrorCode::kMalformed);
    auto missing = decode_new_comment(R"({"page":"/p"})");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().fields.at(0).field, "text");
    EXPECT_EQ(decode_new_comment(R"({"page":"/p","text":5})").error().code, domain::ErrorCode::kInvalid);
    // An id that can't exist is kept as 0, so admission answers 404 like any unknown parent.
    EXPECT_EQ(decode_new_comment(R"({"page":"/p","text":"x","parent_id":"abc"})")->parent_id, 0);
}

TEST(JsonCodec, DecodesTheMailACommenterAsksFor) {
    auto none = decode_new_comment(R"({"page":"/p","text":"hi"})");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->mail.email, "");
    EXPECT_EQ(none->mail.notify, 0);
    auto both = decode_new_comment(
        R"({"page":"/p","text":"hi","author_email":"  Ada@Example.ORG ","notify_replies":true,"notify_approval":true})");
    ASSERT_TRUE(both);
    EXPECT_EQ(both->mail.email, "ada@example.org") << "kept in canonical form";
    EXPECT_EQ(both->mail.notify, 3);
    auto replies = decode_new_comment(R"({"page":"/p","text":"hi","author_email":"a@b.c","notify_replies":true,"notify_approval":false})");
    ASSERT_TRUE(replies);
    EXPECT_EQ(replies->mail.notify, 1);
    // An address alone is kept (a later confirmation may want it); blank and null are none.
    EXPECT_EQ(decode_new_comment(R"({"page":"/p","text":"hi","author_email":"a@b.c"})")->mail.email, "a@b.c");
    EXPECT_EQ(decode_new_comment(R"({"page":"/p","text":"hi","author_email":"  "})")->mail.email, "");
    EXPECT_EQ(decode_new_comment(R"({"page":"/p","text":"hi","author_email":null,"notify_replies":null})")->mail.notify, 0);
}

TEST(JsonCodec, RefusesBadAddressesAndNotifyWithoutOne) {
    const auto field_of = [](std::string_view body) {
        auto d = decode_new_comment(body);
        EXPECT_FALSE(d) << body;
        if (d) return std::string("accepted");
        EXPECT_EQ(d.error().code, domain::ErrorCode::kInvalid) << body;
        return d.error().fields.empty() ? std::string("no field") : d.error().fields.at(0).field;
    };
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":"not an address"})"), "author_email");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":"a@b@c<"})"), "author_email");
    const std::string long_address = std::string(250, 'a') + "@b.cd";  // 255 bytes
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":")" + long_address + R"("})"), "author_email");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","notify_replies":true})"), "author_email");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":" ","notify_approval":true})"), "author_email");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":5})"), "author_email");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":"a@b.c","notify_replies":"yes"})"), "notify_replies");
    EXPECT_EQ(field_of(R"({"page":"/p","text":"hi","author_email":"a@b.c","notify_approval":1})"), "notify_approval");
    // The problem never repeats the address it refused.
    auto bad = decode_new_comment(R"({"page":"/p","text":"hi","author_email":"secret-not-an-address"})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(encode_problem(bad.error(), 422).find("secret"), std::string::npos);
}

TEST(JsonCodec, MailChoiceRoundTripsAndRefusesWrongTypes) {
    EXPECT_EQ(encode_mail_choice(service::StaffMailChoice{"digest", 30}), R"({"mode":"digest","digest_minutes":30})");
    auto c = decode_mail_choice(R"({"mode":"immediate"})");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->mode, "immediate");
    EXPECT_EQ(c->digest_minutes, 60);
    EXPECT_EQ(decode_mail_choice(R"({"mode":"digest","digest_minutes":15})")->digest_minutes, 15);
    EXPECT_EQ(decode_mail_choice(R"({"digest_minutes":15})").error().fields.at(0).field, "mode");
    EXPECT_EQ(decode_mail_choice(R"({"mode":"digest","digest_minutes":"15"})").error().fields.at(0).field, "digest_minutes");
    EXPECT_EQ(decode_mail_choice(R"({"mode":"digest","digest_minutes":1.5})").error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(decode_mail_choice("nope").error().code, domain::ErrorCode::kMalformed);
}

TEST(JsonCodec, ProblemDocumentsCarryFieldErrors) {
    const auto e = domain::make_error(domain::ErrorCode::kInvalid, "Comment text is too long", "text has 12001",
                                      {domain::FieldError{"text", "too long"}});
    const std::string json = encode_problem(e, 422);
    EXPECT_NE(json.find(R"("type":"about:blank")"), std::string::npos);
    EXPECT_NE(json.find(R"("status":422)"), std::string::npos);
    EXPECT_NE(json.find(R"("errors":[{"field":"text","message":"too long"}])"), std::string::npos);
}

TEST(JsonCodec, ReadsLiveClientFrames) {
    EXPECT_EQ(decode_client_message(R"({"type":"typing"})").kind, ClientMessage::Kind::kTyping);
    auto auth = decode_client_message(R"({"type":"auth","author_token":"t"})");
    EXPECT_EQ(auth.kind, ClientMessage::Kind::kAuth);
    EXPECT_EQ(auth.author_token, "t");
    EXPECT_EQ(decode_client_message("typing").kind, ClientMessage::Kind::kInvalid);
    EXPECT_EQ(decode_client_message(R"({"type":"dance"})").kind, ClientMessage::Kind::kInvalid);
    EXPECT_EQ(decode_client_message(R"({"type":"auth"})").kind, ClientMessage::Kind::kInvalid);
}

TEST(JsonCodec, IdsRoundTripAndRejectNonCanonicalForms) {
    EXPECT_EQ(parse_id(format_id(123)), 123);
    EXPECT_FALSE(parse_id("0"));
    EXPECT_FALSE(parse_id("007"));
    EXPECT_FALSE(parse_id("-1"));
    EXPECT_FALSE(parse_id("12a"));
    EXPECT_FALSE(parse_id("99999999999999999999"));
}
