#include "render/image_sources.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

TEST(ImageSources, SrcsetNarrowestFirstWithSizes) {
    std::string out;
    append_srcset(out, {{"/media/b.png", 2000}, {"/media/a.png", 480}, {"/media/c.png", 960}}, kLeadImageSizes);
    EXPECT_EQ(out, " srcset=\"/media/a.png 480w, /media/c.png 960w, /media/b.png 2000w\" sizes=\"(min-width: 48rem) 46rem, 100vw\"");
}

TEST(ImageSources, NothingForOneCopyOrUnsafeUrls) {
    std::string out;
    append_srcset(out, {{"/media/a.png", 480}}, kLeadImageSizes);
    EXPECT_EQ(out, "");
    append_srcset(out, {{"javascript:alert(1)", 480}, {"/media/a.png", 960}}, kLeadImageSizes);
    EXPECT_EQ(out, "");
    append_srcset(out, {{"/media/a.png 1w, /x", 480}, {"/media/b.png", 0}, {"/media/c.png", 960}}, kLeadImageSizes);
    EXPECT_EQ(out, "") << "a comma or space would add a candidate; a width of 0 is none";
}

}  // namespace
}  // namespace tribune::render
