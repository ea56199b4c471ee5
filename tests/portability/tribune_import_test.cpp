// Reading an export file as an ImportSource: line numbers in every error, files cut short or
// changed refused, unknown types skipped; and a real SQLite store exported and imported back.
#include "portability/tribune_import.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "portability/tribune_export.hpp"
#include "store/common/store_export.hpp"
#include "support/temp_store.hpp"

namespace tribune::portability {
namespace {

domain::Time micros_time(std::int64_t micros) { return domain::from_micros(micros); }

// A valid file of two settings and one thread count, with `extra` lines before its end line.
std::string file_with(const std::vector<std::string>& extra = {}, bool correct_end = true) {
    std::vector<FileRow> rows{store::Setting{"a", "1"}, store::Setting{"b", "2"}, store::ThreadCount{"/p", 4}};
    store::Fnv1a64 h;
    ExportEnd end;
    for (const auto& r : rows) {
        if (auto* s = std::get_if<store::Setting>(&r)) {
            store::hash_row(h, *s);
            ++end.content.settings;
        } else {
            store::hash_row(h, std::get<store::ThreadCount>(r));
            ++end.content.threads;
        }
    }
    end.content.checksum = correct_end ? h.value() : h.value() + 1;
    ExportHeader header;
    header.exported_at = micros_time(1);
    std::string out = header_line(header) + "\n";
    for (const auto& r : rows) {
        if (std::holds_alternative<store::ThreadCount>(r))
            for (const auto& e : extra) out += e + "\n";
        out += row_line(r) + "\n";
    }
    return out + end_line(end) + "\n";
}

// Reads a whole file through the source: the error message, or "" when it was read.
std::string read_all(const std::string& text, TribuneFileSource** out = nullptr) {
    std::istringstream in(text);
    static std::optional<TribuneFileSource> source;
    source.emplace(in, 1);
    if (out) *out = &*source;
    for (;;) {
        auto batch = source->next();
        if (!batch) return batch.error().message;
        if (!*batch) return "";
    }
}

TEST(TribuneFileSource, ReadsAValidFileInBatches) {
    std::istringstream in(file_with());
    TribuneFileSource source(in, 1);
    int batches = 0;
    for (;;) {
        auto batch = source.next();
        ASSERT_TRUE(batch) << batch.error().message;
        if (!*batch) break;
        ++batches;
        EXPECT_EQ(store::rows_in(**batch), 1u);
    }
    EXPECT_EQ(batches, 2);
    EXPECT_EQ(source.read().settings, 2);
    EXPECT_EQ(source.read().threads, 1);
    ASSERT_TRUE(source.end());
}

TEST(TribuneFileSource, SkipsUnknownTypesAndBlankLines) {
    TribuneFileSource* source = nullptr;
    EXPECT_EQ(read_all(file_with({R"({"type":"poll","x":1})", "", "   "}), &source), "");
    EXPECT_EQ(source->unknown_lines(), 1);
}

TEST(TribuneFileSource, NamesTheLineOfABadRow) {
    // Line 1 header, 2 and 3 settings, 4 the bad line.
    const std::string message = read_all(file_with({R"({"type":"thread","page":"/q"})"}));
    EXPECT_NE(message.find("line 4: "), std::string::npos) << message;
    EXPECT_NE(message.find("approved: expected a whole number"), std::string::npos) << message;
    const std::string garbled = read_all(file_with({"{not json"}));
    EXPECT_NE(garbled.find("line 4: not JSON"), std::string::npos) << garbled;
}

TEST(TribuneFileSource, RefusesAFileCutShort) {
    const std::string whole = file_with();
    const std::string no_end = whole.substr(0, whole.rfind("{\"type\":\"end\""));
    EXPECT_NE(read_all(no_end).find("ends without its end line"), std::string::npos);
    const std::string mid_line = whole.substr(0, whole.size() - 20);
    const std::string message = read_all(mid_line);
    EXPECT_NE(message.find("line 5: not JSON"), std::string::npos) << message;
    EXPECT_NE(message.find("cut short"), std::string::npos) << message;
    EXPECT_NE(read_all("").find("empty"), std::string::npos);
}

TEST(TribuneFileSource, RefusesRowsThatDoNotMatchTheEndLine) {
    const std::string message = read_all(file_with({}, false));
    EXPECT_NE(message.find("line 5: the file's rows do not match its end line"), std::string::npos) << message;
    EXPECT_NE(message.find("checksum"), std::string::npos) << message;
}

TEST(TribuneFileSource, RefusesOutOfOrderRowsAndASecondHeader) {
    // A user (the first table) after the settings (the last).
    const domain::User user{1, "a@b", "A", domain::Role::kReader, "", micros_time(1), false, false, ""};
    const std::string message = read_all(file_with({row_line(FileRow(user))}));
    EXPECT_NE(message.find("line 4: a \"user\" line after"), std::string::npos) << message;
    ExportHeader h;
    const std::string twice = read_all(file_with({header_line(h)}));
    EXPECT_NE(twice.find("line 4: a second header"), std::string::npos) << twice;
    const std::string not_first = read_all(file_with().substr(file_with().find('\n') + 1));
    EXPECT_NE(not_first.find("line 1: the first line must be the header"), std::string::npos) << not_first;
}

TEST(TribuneFileSource, RefusesANewerVersion) {
    ExportHeader h;
    h.version = kExportFormatVersion + 1;
    std::istringstream in(header_line(h) + "\n");
    TribuneFileSource source(in);
    auto started = source.start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, domain::ErrorCode::kInvalid);
}

class FixedClock final : public domain::Clock {
public:
    domain::Time now() const override { return domain::from_micros(1'800'000'000'000'000); }
};

TEST(TribuneExportImport, AStoreComesBackWithTheSameChecksum) {
    const auto base = std::filesystem::path(::testing::TempDir()) / ("tribune-export-" + std::to_string(::getpid()));
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base / "from");
    std::filesystem::create_directories(base / "to");
    std::filesystem::create_directories(base / "again");
    auto from = make_test_store((base / "from").string());
    auto user = from->insert_user({"ed@example.org", "Ed", domain::Role::kAdmin, "$argon2id$v=19$secret", micros_time(5), true, "Redaktion"});
    ASSERT_TRUE(user);
    domain::NewComment c;
    c.page = "/p";
    c.author = {"Zoë", domain::Role::kReader, std::nullopt, "Abonnentin", true};
    c.text = "hello\nthere";
    c.status = domain::CommentStatus::kApproved;
    c.created_at = micros_time(1'700'000'000'000'007);
    auto top = from->insert_comment(c);
    ASSERT_TRUE(top);
    c.parent_id = top->id;
    c.status = domain::CommentStatus::kPending;
    ASSERT_TRUE(from->insert_comment(c));
    ASSERT_TRUE(from->put_setting("ip_hash_salt", "a-secret-key"));
    ASSERT_TRUE(from->put_setting("moderation", "post"));
    auto source = from->summary();
    ASSERT_TRUE(source);

    FixedClock clock;
    std::stringstream with;
    TribuneExportOptions secrets;
    secrets.with_secrets = true;
    auto written = write_tribune_export(*from, with, secrets, clock);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(written->end.content, *source);
    auto to = make_test_store((base / "to").string());
    auto imported = import_tribune(*to, with, false);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_TRUE(imported->differences.empty());
    EXPECT_EQ(imported->stored, *source) << "with secrets: the very store again";

    std::stringstream without;
    written = write_tribune_export(*from, without, TribuneExportOptions{}, clock);
    ASSERT_TRUE(written);
    EXPECT_EQ(written->secret_settings_left_out, 1);
    EXPECT_EQ(without.str().find("argon2"), std::string::npos);
    EXPECT_EQ(without.str().find("a-secret-key"), std::string::npos);
    EXPECT_NE(written->end.content.checksum, source->checksum);
    auto again = make_test_store((base / "again").string());
    imported = import_tribune(*again, without, false);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_TRUE(imported->differences.empty());
    EXPECT_EQ(imported->stored->checksum, written->end.content.checksum) << "the file's content, exactly";

    // Into a store that is not empty: refused before anything is read into it.
    std::istringstream once_more(with.str());
    auto refused = import_tribune(*to, once_more, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kConflict);
    std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace tribune::portability
