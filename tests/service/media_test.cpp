// The media use cases over a real SQLite store: who may upload, the size limit, sniffing against
// the declared type, content addressing, sanitized names and the audit entry.
#include "service/media.hpp"

#include <gtest/gtest.h>

#include "../support/media_samples.hpp"
#include "service/audit.hpp"
#include "service_fixture.hpp"

namespace tribune::service {
namespace {

namespace sample = test::media;

class MediaServiceTest : public testing::ServiceTest {};

TEST_F(MediaServiceTest, AnEditorUploadsAndTheSameBytesAreOneItem) {
    auto c = ctx();
    const Actor editor = staff(domain::Role::kAdmin);
    const std::string bytes = sample::mp3(40, true);
    auto first = upload_media(c, editor, {"audio/mpeg", "../../Interview <final>.mp3", bytes});
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->added);
    EXPECT_EQ(first->item.hash, sha256_hex(bytes));
    EXPECT_EQ(first->item.kind, "audio");
    EXPECT_EQ(first->item.content_type, "audio/mpeg");
    EXPECT_EQ(first->item.original_name, "Interview _final_.mp3");
    EXPECT_EQ(first->item.duration_ms, 1045);  // 40 x 1152 samples at 44.1 kHz
    EXPECT_EQ(media_url(first->item), "/media/" + first->item.hash + ".mp3");
    auto again = upload_media(c, editor, {"", "other.mp3", bytes});
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->added);
    auto audit = list_audit(c, editor, std::nullopt, 10, "media:" + first->item.hash);
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "media.upload");

    auto found = find_media(c, first->item.hash + ".mp3");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->bytes, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(find_media(c, first->item.hash + ".ogg").error().code, domain::ErrorCode::kNotFound);
    EXPECT_EQ(find_media(c, "../" + first->item.hash.substr(3) + ".mp3").error().code, domain::ErrorCode::kNotFound);
}

TEST_F(MediaServiceTest, RefusalsStoreNothing) {
    auto c = ctx();
    const std::string png = sample::png(10, 10);
    EXPECT_EQ(upload_media(c, reader(), {"image/png", "", png}).error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_EQ(upload_media(c, staff(domain::Role::kModerator), {"image/png", "", png}).error().code,
              domain::ErrorCode::kForbidden);
    const Actor editor = staff(domain::Role::kAdmin, "Ed");
    EXPECT_EQ(upload_media(c, editor, {"image/jpeg", "", png}).error().title, "Media type mismatch");
    EXPECT_EQ(upload_media(c, editor, {"image/svg+xml", "", "<svg/>"}).error().title, "Unsupported media");
    EXPECT_EQ(upload_media(c, editor, {"", "", ""}).error().code, domain::ErrorCode::kInvalid);
    rules.media_max_bytes = 20;
    EXPECT_EQ(upload_media(c, editor, {"image/png", "", png}).error().code, domain::ErrorCode::kTooLarge);
    EXPECT_TRUE(db->list_media("", 10).value().empty());
}

// Crafted JPEGs: a frame header cut short (its length runs past the file), none at all, or one
// claiming 65535 x 65535 pixels. Each is refused with a reason, and nothing is stored.
TEST_F(MediaServiceTest, CraftedImageHeadersAreRefusedAndStoreNothing) {
    auto c = ctx();
    const Actor editor = staff(domain::Role::kAdmin, "Ed");
    const std::string whole = sample::jpeg(640, 480);
    const auto sof = whole.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    const std::string truncated = whole.substr(0, sof + 6);  // the length says 17, the file ends first
    const std::string no_frame = whole.substr(0, sof) + "\xFF\xD9";
    const std::string bomb = sample::jpeg(65535, 65535);
    for (const std::string* bytes : {&truncated, &no_frame, &bomb}) {
        auto r = upload_media(c, editor, {"image/jpeg", "crafted.jpg", *bytes});
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, domain::ErrorCode::kInvalid);
        EXPECT_EQ(r.error().title, "Unsupported media");
    }
    EXPECT_NE(upload_media(c, editor, {"image/jpeg", "", bomb}).error().message.find("million pixels"), std::string::npos);
    EXPECT_TRUE(db->list_media("", 10).value().empty());
    EXPECT_TRUE(upload_media(c, editor, {"image/jpeg", "", whole})) << "the whole file is fine";
}

TEST(MediaNames, Sanitized) {
    EXPECT_EQ(sanitize_media_name("C:\\photos\\harbour at dawn.jpg"), "harbour at dawn.jpg");
    EXPECT_EQ(sanitize_media_name("..hidden"), "hidden");
    EXPECT_EQ(sanitize_media_name("a\r\nb\"c"), "a__b_c");
    EXPECT_EQ(sanitize_media_name(std::string(300, 'x')).size(), 100u);
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace tribune::service
