#include "http/request.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

TEST(ParseTarget, DecodesPathAndRepeatedQueryParameters) {
    std::string path;
    QueryParams query;
    ASSERT_TRUE(parse_target("/api/v1/counts?page=%2Fa%20b&page=c+d&empty=&flag", path, query));
    EXPECT_EQ(path, "/api/v1/counts");
    ASSERT_EQ(query.size(), 4u);
    EXPECT_EQ(query[0].second, "/a b");
    EXPECT_EQ(query[1].second, "c d");
    EXPECT_EQ(query[2].second, "");
    EXPECT_EQ(query[3].first, "flag");
}

TEST(ParseTarget, RefusesBrokenEscapesAndNonPaths) {
    std::string path;
    QueryParams query;
    EXPECT_FALSE(parse_target("/a?x=%zz", path, query));
    EXPECT_FALSE(parse_target("/a%2", path, query));
    EXPECT_FALSE(parse_target("http://example.com/", path, query));
    EXPECT_FALSE(parse_target("*", path, query));
}

TEST(RequestHelpers, ReadsCookiesAndHeaders) {
    Request r;
    r.headers = {{"cookie", "a=1; tribune_name=Ada%20L; tribune_author=tok"}, {"host", "h"}};
    EXPECT_EQ(r.cookie("tribune_name"), "Ada L");
    EXPECT_EQ(r.cookie("tribune_author"), "tok");
    EXPECT_FALSE(r.cookie("missing"));
    EXPECT_EQ(r.header("host"), "h");
    r.query = {{"page", "A"}, {"page", "B"}};
    EXPECT_EQ(r.query_params("page").size(), 2u);
    EXPECT_EQ(r.query_param("page"), "A");
}

TEST(ParseForm, DecodesPlusAsSpace) {
    auto form = parse_form("text=hello+world%21&author_name=");
    ASSERT_TRUE(form);
    EXPECT_EQ((*form)[0].second, "hello world!");
    EXPECT_EQ((*form)[1].second, "");
}

// Found by fuzzing: a desk form's banned words of broken UTF-8 reached the audit log's JSON.
TEST(ParseForm, EveryNameAndValueIsUtf8) {
    EXPECT_FALSE(parse_form("banned_words=sp%E1m"));
    EXPECT_FALSE(parse_form("reason=%E4%FF"));
    EXPECT_FALSE(parse_form("%FF=x"));
    EXPECT_FALSE(parse_form("text=%C3%28"));  // a lead byte without its continuation
    auto ok = parse_form("text=sp%C3%A1m+%E2%9C%93");
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)[0].second, "sp\xC3\xA1m \xE2\x9C\x93");
}

TEST(ParseTarget, PathAndQueryMustDecodeToUtf8) {
    std::string path;
    QueryParams query;
    EXPECT_FALSE(parse_target("/api/v1/audit?target=%FF", path, query));
    EXPECT_FALSE(parse_target("/articles/%E1", path, query));
    EXPECT_TRUE(parse_target("/articles/caf%C3%A9?page=%2Fcaf%C3%A9", path, query));
    EXPECT_EQ(path, "/articles/caf\xC3\xA9");
}
