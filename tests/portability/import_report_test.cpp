#include "portability/import_report.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

TEST(ImportReport, DescribesTotalsReasonsAndOrphans) {
    ImportCounts c;
    c.articles = 3;
    c.threads = 2;
    c.comments = 40;
    c.note(ImportNote::kEmptyText) = 1;
    c.note(ImportNote::kPingback) = 1;
    c.note(ImportNote::kMissingParent) = 1;
    EXPECT_EQ(c.skipped(), 2);
    EXPECT_EQ(describe(c, false),
              "imported 3 articles, 2 threads, 40 comments; skipped 2 (1 empty text, 1 pingback); "
              "1 reply without its parent imported as top level");
    EXPECT_EQ(describe(ImportCounts{}, true), "would import 0 articles, 0 threads, 0 comments; skipped 0");
}

TEST(ImportReport, EveryNoteHasADistinctKey) {
    for (std::size_t i = 0; i < kImportNotes.size(); ++i)
        for (std::size_t j = i + 1; j < kImportNotes.size(); ++j)
            EXPECT_NE(note_key(kImportNotes[i]), note_key(kImportNotes[j]));
}

}  // namespace
}  // namespace tribune::portability
