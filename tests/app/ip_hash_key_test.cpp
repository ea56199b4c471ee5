#include "app/ip_hash_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/open_store.hpp"

namespace tribune::app {
namespace {

class IpHashKeyTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "tribune-iphash-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        config_.data_dir = dir_ + "/data";
        auto s = store::open_store("sqlite://" + dir_ + "/tribune.db");
        ASSERT_TRUE(s.has_value());
        store_ = std::move(*s);
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::string key_file() const { return config_.data_dir + "/ip-hash.key"; }

    std::string dir_;
    Config config_;
    std::unique_ptr<store::Store> store_;
};

TEST_F(IpHashKeyTest, IsMadeOnceInAPrivateFileOutsideTheStore) {
    auto first = ip_hash_key(config_, *store_);
    ASSERT_TRUE(first.has_value());
    EXPECT_GE(first->size(), kMinIpHashKeyChars);
    struct stat st {};
    ASSERT_EQ(stat(key_file().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto again = ip_hash_key(config_, *store_);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *first) << "a restart hashes alike";
    auto in_store = store_->get_setting("ip_hash_salt");
    ASSERT_TRUE(in_store.has_value());
    EXPECT_FALSE(*in_store && !(*in_store)->empty()) << "the store never holds it";
}

TEST_F(IpHashKeyTest, AKeyAnEarlierVersionKeptInTheStoreMovesToTheFile) {
    const std::string legacy(40, 'k');
    ASSERT_TRUE(store_->put_setting("ip_hash_salt", legacy).has_value());
    auto key = ip_hash_key(config_, *store_);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(*key, legacy) << "existing bans keep matching";
    auto in_store = store_->get_setting("ip_hash_salt");
    ASSERT_TRUE(in_store.has_value());
    ASSERT_TRUE(in_store->has_value());
    EXPECT_TRUE((*in_store)->starts_with("moved-out:")) << "replaced in the store";
    EXPECT_EQ((*in_store)->find(legacy), std::string::npos);
    EXPECT_GE((*in_store)->size(), 32u) << "an older binary rolled back still hashes with a secret key, not none";
    auto again = ip_hash_key(config_, *store_);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, legacy) << "the moved-out marker is not taken for a key";
    std::ifstream file(key_file());
    std::string line;
    std::getline(file, line);
    EXPECT_EQ(line, legacy);
}

TEST_F(IpHashKeyTest, AConfiguredKeyWinsAndMustBeLongEnough) {
    config_.ip_hash_key = std::string(32, 'c');
    auto key = ip_hash_key(config_, *store_);
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(*key, config_.ip_hash_key);
    EXPECT_FALSE(std::filesystem::exists(key_file())) << "no file when the key is configured";
    config_.ip_hash_key = "short";
    EXPECT_FALSE(ip_hash_key(config_, *store_).has_value());
}

TEST_F(IpHashKeyTest, RefusesAKeyFileTooShort) {
    std::filesystem::create_directories(config_.data_dir);
    std::ofstream(key_file()) << "tiny\n";
    EXPECT_FALSE(ip_hash_key(config_, *store_).has_value());
}

}  // namespace
}  // namespace tribune::app
