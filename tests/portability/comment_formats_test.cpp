#include "portability/comment_formats.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace tribune::portability {
namespace {

TEST(CommentFormats, ListsTheFormatsReadCommentsKnows) {
    ASSERT_FALSE(comment_formats().empty());
    EXPECT_EQ(comment_formats().front().name, "disqus");
    for (const auto& f : comment_formats()) {
        EXPECT_TRUE(is_comment_format(f.name));
        EXPECT_FALSE(f.title.empty());
    }
    // WordPress is read through the same table (the desk and the command line), without page keys.
    EXPECT_TRUE(is_comment_format("wordpress"));
    EXPECT_FALSE(uses_page_keys("wordpress"));
    EXPECT_TRUE(uses_page_keys("disqus"));
    EXPECT_FALSE(uses_page_keys("nope"));
    EXPECT_FALSE(is_comment_format("tribune"));  // a whole store, not comments: its own importer
    EXPECT_FALSE(is_comment_format(""));
    EXPECT_FALSE(is_comment_format("Disqus"));
}

TEST(CommentFormats, TheReportIsJsonWithTotalsAndAPagePerThread) {
    ImportCounts total;
    total.threads = 2;
    total.comments = 5;
    total.note(ImportNote::kEmptyText) = 1;
    std::map<std::string, ImportCounts> threads;
    threads["/a"].comments = 3;
    threads["/b\"q"].comments = 2;
    std::ostringstream out;
    write_comment_report(out, "disqus", true, total, threads);
    const std::string r = out.str();
    EXPECT_NE(r.find("{\"format\":\"disqus\",\"dry_run\":true,\"total\":{"), std::string::npos) << r;
    EXPECT_NE(r.find("\"notes\":{\"empty_text\":1}"), std::string::npos) << r;
    EXPECT_NE(r.find("\"page\":\"/a\""), std::string::npos) << r;
    EXPECT_NE(r.find("\"page\":\"/b\\\"q\""), std::string::npos) << r;  // escaped
    EXPECT_EQ(counts_json(ImportCounts{}),
              "{\"articles\":0,\"threads\":0,\"comments\":0,\"skipped\":0,\"notes\":{}}");
}

}  // namespace
}  // namespace tribune::portability
