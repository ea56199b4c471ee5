#include "http/old_paths.hpp"

namespace tribune::http {
namespace {

std::optional<std::string> page_of(store::Store& store, const std::string& path) {
    auto page = store.path_redirect(path);
    return page ? *page : std::nullopt;
}

}  // namespace

std::optional<std::string> moved_path(store::Store& store, const Request& req) {
    std::string path = req.target.substr(0, req.target.find_first_of("?#"));
    if (path.size() < 2 || path.size() > store::kMaxRedirectPath || path.front() != '/') return std::nullopt;
    auto page = page_of(store, path);
    if (!page) {
        // The old site's links end with a slash or not; people type them either way.
        std::string other = path.back() == '/' ? path.substr(0, path.size() - 1) : path + "/";
        if (other.size() >= 2) page = page_of(store, other);
    }
    if (!page) return std::nullopt;
    auto article = store.article_for_page(*page);
    if (!article || article->status != domain::ArticleStatus::kPublished) return std::nullopt;
    return article->path();
}

}  // namespace tribune::http
