#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using tribune::app::Config;
using tribune::app::load_config;

namespace {

class ConfigTest : public ::testing::Test {
protected:
    void TearDown() override {
        for (const char* v : {"TRIBUNE_LISTEN", "TRIBUNE_CONFIG", "TRIBUNE_EDIT_WINDOW_SECONDS", "TRIBUNE_MODERATION",
                              "TRIBUNE_LIVE_INSERT"})
            unsetenv(v);
        std::filesystem::remove(file_);
    }
    std::string write_file(const std::string& text) {
        std::ofstream(file_) << text;
        return file_.string();
    }
    std::filesystem::path file_ = std::filesystem::temp_directory_path() / ("tribune-config-" + std::to_string(::getpid()) + ".toml");
};

TEST_F(ConfigTest, FlagsBeatEnvironmentWhichBeatsTheFile) {
    const auto path = write_file("listen = \"127.0.0.1:7000\"\nedit_window_seconds = 60\nmoderation = \"post\"\n");
    setenv("TRIBUNE_LISTEN", "127.0.0.1:7001", 1);
    setenv("TRIBUNE_EDIT_WINDOW_SECONDS", "120", 1);
    Config c;
    ASSERT_FALSE(load_config(c, {{"config", path}, {"listen", "127.0.0.1:7002"}}));
    EXPECT_EQ(c.listen, "127.0.0.1:7002");     // flag
    EXPECT_EQ(c.edit_window_seconds, 120);     // env
    EXPECT_EQ(c.moderation, "post");           // file
}

TEST_F(ConfigTest, RejectsBadValuesWithTheirSource) {
    Config c;
    setenv("TRIBUNE_MODERATION", "sometimes", 1);
    auto err = load_config(c, {});
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("TRIBUNE_MODERATION"), std::string::npos);
    unsetenv("TRIBUNE_MODERATION");
    EXPECT_TRUE(load_config(c, {{"edit_window_seconds", "soon"}}));
    EXPECT_TRUE(load_config(c, {{"listen", "nowhere"}}));
}

TEST_F(ConfigTest, LiveInsertIsAutoImmediateOrButton) {
    Config c;
    ASSERT_FALSE(load_config(c, {}));
    EXPECT_EQ(c.live_insert, "auto");
    setenv("TRIBUNE_LIVE_INSERT", "immediate", 1);
    ASSERT_FALSE(load_config(c, {}));
    EXPECT_EQ(c.live_insert, "immediate");
    ASSERT_FALSE(load_config(c, {{"config", write_file("live_insert = \"button\"\n")}}));
    EXPECT_EQ(c.live_insert, "immediate");  // the environment beats the file
    unsetenv("TRIBUNE_LIVE_INSERT");
    ASSERT_FALSE(load_config(c, {{"config", write_file("live_insert = \"button\"\n")}}));
    EXPECT_EQ(c.live_insert, "button");

    setenv("TRIBUNE_LIVE_INSERT", "later", 1);
    auto err = load_config(c, {});
    ASSERT_TRUE(err);
    EXPECT_EQ(*err, "TRIBUNE_LIVE_INSERT: live_insert must be one of auto, immediate, button");
}

TEST_F(ConfigTest, UnknownFileKeysAndBrokenTomlAreErrors) {
    Config c;
    EXPECT_TRUE(load_config(c, {{"config", write_file("listn = \"x\"\n")}}));
    EXPECT_TRUE(load_config(c, {{"config", write_file("listen = \n")}}));
    EXPECT_TRUE(load_config(c, {{"config", "/nonexistent/tribune.toml"}}));
}

TEST_F(ConfigTest, MetricsTokenIsLongAndTheAllowlistParses) {
    Config c;
    ASSERT_FALSE(load_config(c, {{"metrics_allow", "127.0.0.1, ::1, 10.0.0.0/8"},
                                 {"metrics_token", std::string(32, 'k')}}));
    EXPECT_EQ(c.metrics_allow, "127.0.0.1, ::1, 10.0.0.0/8");
    EXPECT_EQ(c.metrics_token, std::string(32, 'k'));
    Config short_token;
    auto err = load_config(short_token, {{"metrics_token", std::string(31, 'k')}});
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("metrics_token must be at least 32 characters"), std::string::npos) << *err;
    Config bad_list;
    err = load_config(bad_list, {{"metrics_allow", "127.0.0.1, 10.0.0.0/40"}});
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("metrics_allow: \"10.0.0.0/40\""), std::string::npos) << *err;
}

TEST(DatabaseUrl, DefaultsToSqliteInTheDataDir) {
    Config c;
    c.data_dir = "/srv/tribune";
    EXPECT_EQ(tribune::app::database_url(c), "sqlite:///srv/tribune/tribune.db");
    c.db_url = "postgres://u@h/db";
    EXPECT_EQ(tribune::app::database_url(c), "postgres://u@h/db");
}

TEST(SplitListen, ReadsHostsAndPorts) {
    std::string host;
    unsigned short port = 0;
    ASSERT_TRUE(tribune::app::split_listen("127.0.0.1:0", host, port));
    EXPECT_EQ(host, "127.0.0.1");
    EXPECT_EQ(port, 0);
    ASSERT_TRUE(tribune::app::split_listen("[::1]:8080", host, port));
    EXPECT_EQ(host, "::1");
    EXPECT_EQ(port, 8080);
    EXPECT_FALSE(tribune::app::split_listen("127.0.0.1:99999", host, port));
    EXPECT_FALSE(tribune::app::split_listen(":80", host, port));
}

TEST_F(ConfigTest, LanguageIsALanguageTag) {
    using tribune::app::is_language_tag;
    for (const char* ok : {"en", "de", "fil", "en-GB", "pt-BR", "zh-Hant-TW", "es-419"}) EXPECT_TRUE(is_language_tag(ok)) << ok;
    for (const char* bad : {"", "e", "engl", "en-", "-en", "en--GB", "en_GB", "en-GB\"><script>", "en GB", "1a",
                            "en-abcdefghi"})
        EXPECT_FALSE(is_language_tag(bad)) << bad;
    const auto path = write_file("locale = \"en-GB\"\n");
    Config c;
    ASSERT_FALSE(load_config(c, {{"config", path}}));
    EXPECT_EQ(c.locale, "en-GB");
    Config d;
    auto err = load_config(d, {{"locale", "en\"><b>"}});
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("locale"), std::string::npos);
    EXPECT_EQ(Config{}.locale, "en");
}

TEST_F(ConfigTest, BackupScheduleTakesDecimalHoursAndABoundedKeep) {
    Config defaults;
    EXPECT_EQ(defaults.backup_every_hours, 0);
    EXPECT_EQ(defaults.backup_keep, 7);
    EXPECT_EQ(defaults.backup_dir, "");
    Config c;
    ASSERT_FALSE(load_config(c, {{"config", write_file("backup_every_hours = 0.5\nbackup_keep = 3\n")}}));
    EXPECT_DOUBLE_EQ(c.backup_every_hours, 0.5);
    EXPECT_EQ(c.backup_keep, 3);
    Config d;
    ASSERT_FALSE(load_config(d, {{"config", write_file("backup_every_hours = 24\n")}}));  // a TOML integer
    EXPECT_DOUBLE_EQ(d.backup_every_hours, 24);
    Config e;
    ASSERT_FALSE(load_config(e, {{"backup_every_hours", "0.0003"}, {"backup_dir", "/srv/backups"}}));
    EXPECT_DOUBLE_EQ(e.backup_every_hours, 0.0003);
    EXPECT_EQ(e.backup_dir, "/srv/backups");
    for (const char* bad : {"-1", "0.00001", "8761", "daily", "1h", "", "nan", "inf"}) {
        Config f;
        auto err = load_config(f, {{"backup_every_hours", bad}});
        ASSERT_TRUE(err) << bad;
        EXPECT_NE(err->find("backup_every_hours"), std::string::npos);
    }
    Config g;
    EXPECT_TRUE(load_config(g, {{"backup_keep", "0"}}));
}

TEST_F(ConfigTest, MailSettingsAreCheckedAtStart) {
    Config c;
    ASSERT_FALSE(load_config(c, {}));
    EXPECT_EQ(c.smtp_url, "");
    EXPECT_FALSE(c.webhooks_allow_private);
    const auto path = write_file(
        "smtp_url = \"smtps://mail.example.com:465\"\nsmtp_user = \"tribune\"\nsmtp_password = \"pw\"\n"
        "mail_from = \"Gazette d'Ãrevan <news@example.am>\"\nwebhooks_allow_private = true\n");
    ASSERT_FALSE(load_config(c, {{"config", path}}));
    EXPECT_EQ(c.smtp_url, "smtps://mail.example.com:465");
    EXPECT_EQ(c.smtp_user, "tribune");
    EXPECT_EQ(c.smtp_password, "pw");
    EXPECT_EQ(c.mail_from, "Gazette d'Ãrevan <news@example.am>");
    EXPECT_TRUE(c.webhooks_allow_private);

    auto refused = [](std::map<std::string, std::string> flags, const std::string& words) {
        Config d;
        const auto err = load_config(d, flags);
        ASSERT_TRUE(err) << words;
        EXPECT_NE(err->find(words), std::string::npos) << *err;
    };
    refused({{"smtp_url", "http://mail.example.com"}, {"mail_from", "a@b.c"}}, "smtp_url");
    refused({{"smtp_url", "smtp://u:p@mail.example.com"}, {"mail_from", "a@b.c"}}, "user name or password");
    refused({{"smtp_url", "smtp://mail.example.com"}}, "mail_from must be set");
    refused({{"mail_from", "Name <not an address>"}}, "mail_from must be an address");
    refused({{"webhooks_allow_private", "perhaps"}}, "webhooks_allow_private");
}

}  // namespace
