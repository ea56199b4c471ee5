#include "render/paths.hpp"

#include "render/html_escape.hpp"

namespace tribune::render {

std::string article_path(std::string_view slug) { return "/articles/" + url_encode(slug); }

std::string comments_path(std::string_view slug) { return article_path(slug) + "/comments"; }

std::string replies_path(std::string_view slug, domain::CommentId id) {
    return comments_path(slug) + "/" + std::to_string(id);
}

std::string absolute_url(std::string_view base_url, std::string_view path) {
    while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
    std::string out(base_url);
    out += path;
    return out;
}

std::string cursor_query(std::string_view cursor) { return "?cursor=" + url_encode(cursor); }

}  // namespace tribune::render
