#include "app/article_commands.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include "app/command_context.hpp"
#include "domain/article.hpp"

namespace tribune::app {
namespace {

domain::Error invalid(std::string field, std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid article file", message,
                              {domain::FieldError{std::move(field), message}});
}

// A URL, or a path on this site: what a page can link to.
bool is_linkable(std::string_view media) {
    return media.starts_with("https://") || media.starts_with("http://") ||
           (media.starts_with("/") && !media.starts_with("//"));
}

}  // namespace

domain::Result<service::ArticleDraft> draft_of(const ArticleFile& f) {
    if (f.updated) return invalid("updated", "updated is not written by hand: Tribune records every change");
    service::ArticleDraft d;
    d.title = f.title;
    if (!f.slug.empty()) d.slug = f.slug;
    d.summary = f.summary;
    d.body_markdown = f.body_markdown;
    if (!f.authors.empty()) d.authors = f.authors;
    d.section = f.section;
    d.tags = f.tags;
    d.status = f.status.empty() ? std::string("published") : f.status;
    if (f.date) d.published_at = *f.date;
    d.media = std::vector<service::MediaDraft>{};
    if (!f.media.empty()) {
        if (!is_linkable(f.media))
            return invalid("media", "media is a URL or a path on the site (/media/...); " + f.media.substr(0, 80) +
                                        " is neither");
        d.media->push_back({f.media, f.media_alt, f.media_caption, f.media_credit, {}, 0, 0, 0});
    }
    return d;
}

int publish_article_file(const Config& config, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "cannot read " << path << "\n";
        return 2;
    }
    std::string text;
    text.resize(kMaxArticleFileBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxArticleFileBytes) {
        std::cerr << path << " is larger than " << kMaxArticleFileBytes << " bytes\n";
        return 2;
    }
    auto file = parse_article_file(text);
    if (!file) return report(file.error());
    auto draft = draft_of(*file);
    if (!draft) return report(draft.error());
    auto c = open_context(config);
    if (!c) return 1;
    auto stored = service::publish_article(c->ctx, service::Actor::command_line_operator(), *draft);
    if (!stored) return report(stored.error());
    warn_if_unannounced(*c);
    std::cout << stored->path() << "\n";
    return 0;
}

int list_articles(const Config& config, const std::string& status, std::ostream& out) {
    store::ArticleQuery q;
    if (status == "all") q.status.reset();
    else if (auto s = domain::parse_article_status(status)) q.status = *s;
    else {
        std::cerr << "status is draft, scheduled, published, unpublished or all\n";
        return 2;
    }
    q.limit = 200;
    auto c = open_context(config);
    if (!c) return 1;
    const auto actor = service::Actor::command_line_operator();
    // Bounded: a million articles is far beyond any newsroom's archive.
    for (int page = 0; page < 5000; ++page) {
        auto list = service::list_articles(c->ctx, actor, q);
        if (!list) return report(list.error());
        for (const auto& a : *list) {
            const bool by_publication = q.status == domain::ArticleStatus::kPublished;
            out << domain::to_string(a.status) << "\t"
                << domain::format_rfc3339(by_publication ? a.published_at : a.updated_at) << "\t" << a.slug << "\t"
                << a.title << "\n";
        }
        if (static_cast<int>(list->size()) < q.limit) return 0;
        const auto& last = list->back();
        q.after = std::pair{q.status == domain::ArticleStatus::kPublished ? last.published_at : last.updated_at, last.id};
    }
    return 0;
}

int unpublish_article(const Config& config, const std::string& slug) {
    auto c = open_context(config);
    if (!c) return 1;
    auto stored = service::unpublish_article(c->ctx, service::Actor::command_line_operator(), slug);
    if (!stored) return report(stored.error());
    warn_if_unannounced(*c);
    std::cout << stored->path() << " is unpublished\n";
    return 0;
}

}  // namespace tribune::app
