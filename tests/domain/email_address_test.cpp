#include "domain/email_address.hpp"

#include <string>

#include <gtest/gtest.h>

namespace {

using tribune::domain::canonical_email;
using tribune::domain::kMaxEmailBytes;

TEST(CanonicalEmail, TrimsAndLowerCasesAscii) {
    EXPECT_EQ(canonical_email("  Ann.Lee@Example.ORG\r\n"), "ann.lee@example.org");
    EXPECT_EQ(canonical_email("a@b"), "a@b");
}

TEST(CanonicalEmail, KeepsNonAsciiAsWritten) {
    // Only ASCII folds: the same bytes an import kept are the ones a request names.
    EXPECT_EQ(canonical_email("\xC3\x89lise@Caf\xC3\xA9.fr"), "\xC3\x89lise@caf\xC3\xA9.fr");
}

TEST(CanonicalEmail, RefusesWhatIsNotAnAddress) {
    EXPECT_FALSE(canonical_email(""));
    EXPECT_FALSE(canonical_email("   "));
    EXPECT_FALSE(canonical_email("no-at-sign"));
    EXPECT_FALSE(canonical_email("@example.org"));
    EXPECT_FALSE(canonical_email("ann@"));
    EXPECT_FALSE(canonical_email("ann@b@c"));
    EXPECT_FALSE(canonical_email("ann lee@example.org"));
    EXPECT_FALSE(canonical_email("ann@exa\tmple.org"));
    EXPECT_FALSE(canonical_email("<ann@example.org>"));
    EXPECT_FALSE(canonical_email("\"ann\"@example.org"));
    EXPECT_FALSE(canonical_email("ann@example.org,bob@example.org"));
    EXPECT_FALSE(canonical_email(std::string("ann\0@example.org", 16)));
    EXPECT_FALSE(canonical_email("ann@ex\x7f" "ample.org"));
    EXPECT_FALSE(canonical_email("ann@\xFF.org"));
}

TEST(CanonicalEmail, BoundsTheLength) {
    const std::string at_limit = std::string(kMaxEmailBytes - 4, 'a') + "@b.c";
    EXPECT_EQ(canonical_email(at_limit), at_limit);
    EXPECT_FALSE(canonical_email("a" + at_limit));
    EXPECT_EQ(canonical_email("  " + at_limit + "  "), at_limit);  // bounded after trimming
}

}  // namespace
