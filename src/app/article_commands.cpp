#include "app/article_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "app/command_context.hpp"
#include "domain/article.hpp"
#include "domain/media_probe.hpp"
#include "service/media.hpp"

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

// A `media:` that is a local file (a path relative to the article file, or absolute): stored
// through the media library like an upload, so the article names its /media/ URL with the kind,
// duration and size read from the file.
domain::Result<store::MediaItem> store_local_media(CommandContext& c, const std::string& article_path,
                                                   const std::string& media) {
    namespace fs = std::filesystem;
    const fs::path file = fs::path(media).is_absolute() ? fs::path(media) : fs::path(article_path).parent_path() / media;
    std::ifstream in(file, std::ios::binary);
    if (!in) return invalid("media", "media names a file that cannot be read: " + media.substr(0, 200));
    std::string bytes;
    bytes.resize(c.rules.media_max_bytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    service::MediaUpload up;
    up.filename = media;
    up.bytes = bytes;
    auto stored = service::upload_media(c.ctx, service::Actor::command_line_operator(), up);
    if (!stored) return stored.error();
    return std::move(stored->item);
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
    auto c = open_context(config);
    if (!c) return 1;
    std::optional<store::MediaItem> local;
    if (!file->media.empty() && !is_linkable(file->media)) {
        auto item = store_local_media(*c, path, file->media);
        if (!item) return report(item.error());
        file->media = service::media_url(*item);
        local = std::move(*item);
    }
    auto draft = draft_of(*file);
    if (!draft) return report(draft.error());
    if (local && draft->media && !draft->media->empty()) {
        service::MediaDraft& m = draft->media->front();
        m.kind = local->kind;
        if (local->duration_ms) m.duration_seconds = domain::whole_seconds(static_cast<double>(*local->duration_ms) / 1000.0);
        m.width = local->width.value_or(0);
        m.height = local->height.value_or(0);
    }
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
