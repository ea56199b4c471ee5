#pragma once
// The demo publication's articles as the files an author would write (content/demo/*.md, read by
// app/article_file.hpp), compiled into the binary (cmake/embed_demo_articles.cmake).

#include <string_view>
#include <vector>

namespace tribune::app {

/// One embedded file: its name ("<slug>.md") and its bytes.
struct DemoFile {
    std::string_view name;
    std::string_view text;
};

/// The demo article files, sorted by name.
const std::vector<DemoFile>& demo_article_files();

}  // namespace tribune::app
