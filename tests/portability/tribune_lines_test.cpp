// Tribune's export lines: every row comes back exactly as written; unknown fields are ignored;
// a bad line is named precisely.
#include "portability/tribune_lines.hpp"

#include "store/notification_types.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

domain::Time at(std::int64_t micros) { return domain::from_micros(micros); }

template <class Row>
Row round_trip(const Row& row) {
    auto parsed = parse_line(row_line(FileRow(row)));
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    if (!parsed || !parsed->row) return Row{};
    EXPECT_TRUE(std::holds_alternative<Row>(*parsed->row));
    return std::get<Row>(*parsed->row);
}

TEST(TribuneLines, TimesKeepEveryMicrosecond) {
    EXPECT_EQ(format_exact_time(at(1'773'550'380'000'001)), "2026-03-15T04:53:00.000001Z");
    EXPECT_EQ(format_exact_time(at(0)), "1970-01-01T00:00:00.000000Z");
}

TEST(TribuneLines, CommentsComeBackWithTheirHistory) {
    store::CommentRecord r;
    r.comment.id = 12;
    r.comment.page = "/articles/x?\"quoted\"";
    r.comment.parent_id = 7;
    r.comment.author = {"Zoë 👋", domain::Role::kModerator, 3, "Team ✓", true};
    r.comment.author_token_hash = "abc";
    r.comment.text = "line one\nline two \\ \u00e9";
    r.comment.status = domain::CommentStatus::kDeleted;
    r.comment.created_at = at(1'700'000'000'123'456);
    r.comment.edited_at = at(1'700'000'100'000'001);
    r.comment.reply_count = 2;
    r.comment.ip_hash = "ff00";
    r.comment.filter_reason = "links";
    r.comment.featured = true;
    r.author_email = "zoe@example.org";
    r.notify = store::kNotifyReplies | store::kNotifyApproval;
    r.edits.push_back({"before", at(1'700'000'050'000'000), "author"});
    const auto back = round_trip(r);
    EXPECT_EQ(back.comment.id, 12);
    EXPECT_EQ(back.comment.page, r.comment.page);
    EXPECT_EQ(back.comment.parent_id, std::optional<std::int64_t>(7));
    EXPECT_EQ(back.comment.author.name, "Zoë 👋");
    EXPECT_EQ(back.comment.author.role, domain::Role::kModerator);
    EXPECT_EQ(back.comment.author.user_id, std::optional<std::int64_t>(3));
    EXPECT_EQ(back.comment.author.badge, "Team ✓");
    EXPECT_TRUE(back.comment.author.verified);
    EXPECT_EQ(back.comment.text, r.comment.text);
    EXPECT_EQ(back.comment.status, domain::CommentStatus::kDeleted);
    EXPECT_EQ(back.comment.created_at, r.comment.created_at);
    EXPECT_EQ(back.comment.edited_at, r.comment.edited_at);
    EXPECT_EQ(back.comment.reply_count, 2);
    EXPECT_EQ(back.comment.ip_hash, "ff00");
    EXPECT_EQ(back.comment.filter_reason, "links");
    EXPECT_TRUE(back.comment.featured);
    EXPECT_EQ(back.author_email, "zoe@example.org");
    EXPECT_EQ(back.notify, store::kNotifyReplies | store::kNotifyApproval);
    ASSERT_EQ(back.edits.size(), 1u);
    EXPECT_EQ(back.edits[0].text, "before");
    EXPECT_EQ(back.edits[0].replaced_at, r.edits[0].replaced_at);
}

// A file from before reader mail has no `notify`: nothing was asked for. A value outside the
// bits is refused.
TEST(TribuneLines, ACommentsNotifyIsOptionalAndBounded) {
    const std::string head =
        R"({"type":"comment","id":1,"page":"/p","parent_id":null,"author":{"name":"A","role":"reader","user_id":null},)"
        R"("author_token_hash":"","text":"t","status":"approved","created_at":"2026-01-01T00:00:00.000000Z",)"
        R"("edited_at":null,"reply_count":0,"ip_hash":"","filter_reason":"","featured":false,"edits":[])";
    auto old = parse_line(head + "}");
    ASSERT_TRUE(old) << old.error().message;
    ASSERT_TRUE(old->row);
    EXPECT_EQ(std::get<store::CommentRecord>(*old->row).notify, 0);
    // Nor, from before reader identity, the author's badge and verified mark.
    EXPECT_EQ(std::get<store::CommentRecord>(*old->row).comment.author.badge, "");
    EXPECT_FALSE(std::get<store::CommentRecord>(*old->row).comment.author.verified);
    auto asked = parse_line(head + R"(,"notify":2})");
    ASSERT_TRUE(asked) << asked.error().message;
    EXPECT_EQ(std::get<store::CommentRecord>(*asked->row).notify, store::kNotifyApproval);
    for (std::string bad : {"4", "-1", R"("1")"}) {
        auto parsed = parse_line(head + ",\"notify\":" + bad + "}");
        ASSERT_FALSE(parsed) << bad;
        EXPECT_NE(parsed.error().message.find("notify"), std::string::npos) << parsed.error().message;
    }
}

TEST(TribuneLines, ArticlesUsersBansAndPoliciesComeBack) {
    domain::Article a;
    a.id = 4;
    a.slug = "s";
    a.title = "T";
    a.authors = {{"A", "a"}};
    a.section = domain::NamedRef{"News", "news"};
    a.tags = {{"x", "x"}};
    a.body_markdown = "# B";
    a.status = domain::ArticleStatus::kScheduled;
    a.published_at = at(5);
    a.page = "/articles/old";
    a.media = domain::Media{"image", "/media/a.jpg", "image/jpeg", 0, "c", "alt", "cr", 640, 480};
    a.corrections.push_back({1, at(9), "fixed", "Ed"});
    a.review = domain::ReviewRequest{at(8), "Au"};
    const auto back = round_trip(a);
    EXPECT_EQ(back.section, a.section);
    EXPECT_EQ(back.tags, a.tags);
    EXPECT_EQ(back.status, domain::ArticleStatus::kScheduled);
    EXPECT_EQ(back.page, "/articles/old");
    ASSERT_TRUE(back.media);
    EXPECT_EQ(back.media->width, 640);
    EXPECT_EQ(back.corrections, a.corrections);
    EXPECT_EQ(back.review, a.review);

    domain::User u{7, "e@x", "N", domain::Role::kEditor, "$argon2id$v=19$x", at(1), true, true, "Abonnent"};
    EXPECT_EQ(round_trip(u), u);
    u.password_hash.clear();
    EXPECT_EQ(row_line(FileRow(u)).find("password_hash"), std::string::npos) << "no hash, no field";
    EXPECT_EQ(round_trip(u), u);

    domain::Ban b;
    b.id = 2;
    b.kind = domain::BanKind::kIp;
    b.value = "h";
    b.expires_at = at(77);
    const auto ban = round_trip(b);
    EXPECT_EQ(ban.kind, domain::BanKind::kIp);
    EXPECT_EQ(ban.expires_at, b.expires_at);

    domain::ThreadPolicy p{"/p", domain::ModerationMode::kPostModerate, true, 3, true};
    EXPECT_EQ(round_trip(p), p);
    p.signin_required = false;
    EXPECT_EQ(round_trip(p), p);
    domain::ThreadPolicy none{"/q", std::nullopt, false, std::nullopt, std::nullopt};
    EXPECT_EQ(round_trip(none), none);
}

// Files from before reader identity: accounts not verified and without a badge, policies
// without a sign-in rule.
TEST(TribuneLines, UsersAndPoliciesFromBeforeReaderIdentityRead) {
    auto user = parse_line(
        R"({"type":"user","id":3,"email":"a@x","name":"A","role":"reader",)"
        R"("created_at":"2026-01-01T00:00:00.000000Z","disabled":false})");
    ASSERT_TRUE(user) << user.error().message;
    ASSERT_TRUE(user->row);
    EXPECT_FALSE(std::get<domain::User>(*user->row).email_verified);
    EXPECT_EQ(std::get<domain::User>(*user->row).badge, "");
    auto policy = parse_line(
        R"({"type":"thread_policy","page":"/p","moderation":null,"closed":true,"auto_close_days":null})");
    ASSERT_TRUE(policy) << policy.error().message;
    ASSERT_TRUE(policy->row);
    EXPECT_EQ(std::get<domain::ThreadPolicy>(*policy->row).signin_required, std::nullopt);
    auto bad = parse_line(
        R"({"type":"thread_policy","page":"/p","moderation":null,"closed":true,"auto_close_days":null,)"
        R"("signin_required":"yes"})");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("signin_required"), std::string::npos) << bad.error().message;
}

TEST(TribuneLines, UnknownFieldsAndTypesAreIgnored) {
    auto parsed = parse_line(
        R"({"type":"setting","key":"k","value":"v","added_in_version_9":{"deep":[1,2]}})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_TRUE(parsed->row);
    EXPECT_EQ(std::get<store::Setting>(*parsed->row), (store::Setting{"k", "v"}));

    auto unknown = parse_line(R"({"type":"poll","question":"?"})");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->type, "poll");
    EXPECT_FALSE(unknown->row || unknown->header || unknown->end);
}

TEST(TribuneLines, BadLinesSayWhatIsWrong) {
    auto message = [](std::string_view line) {
        auto parsed = parse_line(line);
        EXPECT_FALSE(parsed) << line;
        return parsed ? std::string() : parsed.error().message;
    };
    EXPECT_NE(message("{\"type\":\"setting\",").find("not JSON"), std::string::npos);
    EXPECT_NE(message("[1]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(message(R"({"key":"k"})").find("no \"type\""), std::string::npos);
    EXPECT_NE(message(R"({"type":"setting","key":"k"})").find("value: expected a string"), std::string::npos);
    EXPECT_NE(message(R"({"type":"report","id":1,"comment_id":1,"reason":"","reporter":"","resolved":false,)"
                      R"("created_at":"2026-01-01 00:00:00"})")
                  .find("created_at: expected a time"),
              std::string::npos);
    EXPECT_NE(message(R"({"type":"ban","id":1,"kind":"cookie","value":"","reason":"","created_by":"",)"
                      R"("created_at":"2026-01-01T00:00:00Z","lifted":false})")
                  .find("kind: expected a known value"),
              std::string::npos);
    EXPECT_NE(message(R"({"type":"user","id":"1"})").find("id: expected a whole number"), std::string::npos);
}

TEST(TribuneLines, HeaderAndEndComeBack) {
    ExportHeader h;
    h.tribune_version = "0.1.0";
    h.exported_at = at(123);
    h.with_secrets = true;
    h.source.comments = 5;
    h.source.checksum = 0xfedcba9876543210ULL;
    auto parsed = parse_line(header_line(h));
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_TRUE(parsed->header);
    EXPECT_EQ(parsed->header->source, h.source);
    EXPECT_TRUE(parsed->header->with_secrets);
    ExportEnd e;
    e.content.threads = 2;
    e.content.checksum = 1;
    e.media = 3;
    parsed = parse_line(end_line(e));
    ASSERT_TRUE(parsed && parsed->end);
    EXPECT_EQ(parsed->end->content, e.content);
    EXPECT_EQ(parsed->end->media, 3);
    EXPECT_EQ(parse_checksum_hex("fedcba9876543210"), 0xfedcba9876543210ULL);
    EXPECT_FALSE(parse_checksum_hex("FEDCBA9876543210"));
    EXPECT_FALSE(parse_checksum_hex("123"));
}

}  // namespace
}  // namespace tribune::portability
