#include "app/migrate_store.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "service/media.hpp"
#include "store/open_store.hpp"

namespace tribune::app {
namespace {

using domain::CommentStatus;

class MigrateStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "tribune-migrate-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::string url(const std::string& name) const { return "sqlite://" + (dir_ / name).string(); }

    std::unique_ptr<store::Store> open(const std::string& u) {
        auto s = store::open_store(u);
        EXPECT_TRUE(s.has_value());
        return s ? std::move(*s) : nullptr;
    }

    // Writes `n` comments on `page` (every third pending, one edited) and closes the store.
    void fill(const std::string& u, const std::string& page, int n) {
        auto s = open(u);
        for (int i = 0; i < n; ++i) {
            domain::NewComment c;
            c.page = page;
            c.author.name = "Zoë";
            c.text = "comment " + std::to_string(i);
            c.status = i % 3 == 0 ? CommentStatus::kPending : CommentStatus::kApproved;
            c.created_at = domain::from_micros(1'773'550'380'000'001 + i);
            auto r = s->insert_comment(c);
            ASSERT_TRUE(r.has_value());
            if (i == 1) {
                ASSERT_TRUE(s->edit_comment(r->id, "edited", c.created_at, "author", std::nullopt).has_value());
            }
        }
    }

    int run(const std::string& from, const std::string& to, bool force = false) {
        MigrateStoreOptions o;
        o.from = from;
        o.to = to;
        o.force = force;
        o.batch_rows = 4;  // several batches
        out_.str("");
        err_.str("");
        return migrate_store(o, out_, err_);
    }

    std::filesystem::path dir_;
    std::ostringstream out_, err_;
};

// The media library goes along: items with their bytes (here beside b.db), variants included.
TEST_F(MigrateStoreTest, CopiesMediaWithTheirBytes) {
    fill(url("a.db"), "/p", 2);
    std::string big(3 * 1024 * 1024 + 17, '\0');  // more than one read
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 + i / 4093);
    {
        auto a = open(url("a.db"));
        store::MediaItem m;
        m.hash = service::sha256_hex(big);
        m.kind = "video";
        m.content_type = "video/mp4";
        m.bytes = static_cast<std::int64_t>(big.size());
        m.duration_ms = 61000;
        ASSERT_TRUE(a->put_media(m, big).has_value());
        store::MediaItem v;
        v.hash = service::sha256_hex("png");
        v.kind = "image";
        v.content_type = "image/png";
        v.bytes = 3;
        v.width = 480;
        v.variant_of = std::string(64, 'c');
        ASSERT_TRUE(a->put_media(v, "png").has_value());
    }
    EXPECT_EQ(run(url("a.db"), url("b.db")), 0) << err_.str();
    EXPECT_NE(out_.str().find("copied 2 media items (" + std::to_string(big.size() + 3) + " bytes)"), std::string::npos)
        << out_.str();
    EXPECT_NE(out_.str().find("verified: "), std::string::npos) << out_.str();
    auto b = open(url("b.db"));
    auto got = b->get_media(service::sha256_hex(big));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->duration_ms, 61000);
    std::string copied;
    for (std::int64_t at = 0; at < got->bytes; at += store::kMaxMediaRead) copied += b->read_media(got->hash, at, store::kMaxMediaRead).value();
    EXPECT_TRUE(copied == big);
    EXPECT_EQ(b->media_variants(std::string(64, 'c')).value().size(), 1u);
}

// Each copied file is checked by its SHA-256: a damaged byte is named and the run fails, even
// though every count and size agrees.
TEST_F(MigrateStoreTest, AMediaFileWhoseBytesDoNotMatchItsHashFailsTheVerification) {
    fill(url("a.db"), "/p", 1);
    const std::string good = "good bytes of a file", other = "more bytes of a file";
    std::string damaged_path;
    {
        auto a = open(url("a.db"));
        for (const std::string* bytes : {&good, &other}) {
            store::MediaItem m;
            m.hash = service::sha256_hex(*bytes);
            m.kind = "audio";
            m.content_type = "audio/mpeg";
            m.bytes = static_cast<std::int64_t>(bytes->size());
            ASSERT_TRUE(a->put_media(m, *bytes).has_value());
        }
        auto path = a->media_file(service::sha256_hex(good));
        ASSERT_TRUE(path && *path);
        damaged_path = **path;
    }
    EXPECT_EQ(run(url("a.db"), url("b.db")), 0) << err_.str();  // intact: verified by hash

    {  // one byte changed in the source's file, its size kept
        std::FILE* f = std::fopen(damaged_path.c_str(), "r+b");
        ASSERT_NE(f, nullptr);
        std::fputc('X', f);
        std::fclose(f);
    }
    EXPECT_EQ(run(url("a.db"), url("c.db")), 1) << out_.str();
    EXPECT_NE(err_.str().find("media " + service::sha256_hex(good) + ": the copied bytes hash to " +
                              service::sha256_hex("Xood bytes of a file")),
              std::string::npos)
        << err_.str();
    EXPECT_EQ(err_.str().find(service::sha256_hex(other)), std::string::npos) << "only the damaged one is named";
    EXPECT_EQ(out_.str().find("verified: "), std::string::npos);
}

TEST_F(MigrateStoreTest, CopiesEverythingAndVerifies) {
    fill(url("a.db"), "/p", 11);
    {
        auto a = open(url("a.db"));
        const domain::Time t = domain::from_micros(1'773'550'390'000'000);
        auto admin = a->insert_user({"admin@example.org", "Admin", domain::Role::kAdmin, "$argon2id$h", t, false, ""});
        ASSERT_TRUE(admin.has_value());
        ASSERT_TRUE(a->add_report(1, "spam", "t:x", "", t).has_value());
        ASSERT_TRUE(a->insert_ban({0, domain::BanKind::kIp, "ip-hash", "flood", "Admin", t, {}, false}));
        ASSERT_TRUE(a->append_audit({0, t, admin->id, "Admin", "ban.create", "ban:1", "{}", "{}"}));
        ASSERT_TRUE(a->put_thread_policy({"/p", domain::ModerationMode::kPostModerate, false, 7, std::nullopt}));
        ASSERT_TRUE(a->put_setting("policy.moderation", "post"));
    }
    EXPECT_EQ(run(url("a.db"), url("b.db")), 0) << err_.str();
    EXPECT_NE(out_.str().find("copied 0 articles, 11 comments, 1 comment edits (1 threads with approved "
                              "comments), 1 users, 1 reports, 1 bans, 1 audit entries, 1 thread policies, "
                              "1 settings\n"),
              std::string::npos)
        << out_.str();
    EXPECT_NE(out_.str().find("verified: "), std::string::npos);
    EXPECT_NE(out_.str().find("1 users, 1 reports, 1 bans, 1 audit entries, 1 thread policies, 1 settings, "
                              "0 old paths, 0 import sources, checksum "),
              std::string::npos)
        << out_.str();
    EXPECT_NE(err_.str().find("comments: 11 read"), std::string::npos) << err_.str();
    EXPECT_NE(err_.str().find("users: 1 read (up to id 1)\n"), std::string::npos) << err_.str();
    EXPECT_NE(err_.str().find("settings: 1 read\n"), std::string::npos) << err_.str();
    auto a = open(url("a.db"));
    auto b = open(url("b.db"));
    EXPECT_EQ(*a->summary(), *b->summary());
    EXPECT_EQ(*b->count_approved("/p"), 7);
    auto admin = b->find_user_by_email("admin@example.org");
    ASSERT_TRUE(admin.has_value());
    EXPECT_EQ(admin->password_hash, "$argon2id$h");
    EXPECT_EQ(b->get_comment(1)->open_reports, 1);
    EXPECT_EQ(**b->get_setting("policy.moderation"), "post");
}

TEST_F(MigrateStoreTest, RefusesANonEmptyTargetWithoutForce) {
    fill(url("a.db"), "/p", 5);
    fill(url("b.db"), "/q", 2);
    auto before = open(url("b.db"))->summary();
    EXPECT_EQ(run(url("a.db"), url("b.db")), 2);
    EXPECT_NE(err_.str().find("is not empty"), std::string::npos) << err_.str();
    EXPECT_NE(err_.str().find("--force"), std::string::npos);
    EXPECT_EQ(*open(url("b.db"))->summary(), *before);  // nothing changed

    EXPECT_EQ(run(url("a.db"), url("b.db"), true), 0) << err_.str();
    EXPECT_EQ(*open(url("b.db"))->summary(), *open(url("a.db"))->summary());
    EXPECT_EQ(*open(url("b.db"))->count_approved("/q"), 0);
}

TEST_F(MigrateStoreTest, RefusesAMissingSourceAndTheSameStoreTwice) {
    EXPECT_EQ(run(url("missing.db"), url("b.db")), 2);
    EXPECT_NE(err_.str().find("no such database file"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "missing.db"));
    fill(url("a.db"), "/p", 1);
    EXPECT_EQ(run(url("a.db"), url("a.db"), true), 2);
    EXPECT_NE(err_.str().find("same store"), std::string::npos);
    EXPECT_EQ(run(url("a.db"), "mysql://x/y"), 2);
}

TEST_F(MigrateStoreTest, VerificationNamesEachMismatch) {
    fill(url("a.db"), "/p", 3);
    fill(url("b.db"), "/p", 4);
    auto a = open(url("a.db"));
    auto b = open(url("b.db"));
    std::ostringstream out, err;
    EXPECT_EQ(verify_copy(*a, *b, out, err), 1);
    EXPECT_NE(err.str().find("comments: 3 vs 4"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("checksum: "), std::string::npos);
    EXPECT_EQ(out.str(), "");
    std::ostringstream out2, err2;
    EXPECT_EQ(verify_copy(*a, *a, out2, err2), 0);
    EXPECT_NE(out2.str().find("verified"), std::string::npos);
}

TEST(RedactUrl, HidesThePasswordOnly) {
    EXPECT_EQ(redact_url("postgres://user:secret@db:5432/tribune"), "postgres://user:***@db:5432/tribune");
    EXPECT_EQ(redact_url("postgres://user@db/tribune"), "postgres://user@db/tribune");
    EXPECT_EQ(redact_url("sqlite:///data/tribune.db"), "sqlite:///data/tribune.db");
}

}  // namespace
}  // namespace tribune::app
