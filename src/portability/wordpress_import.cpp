#include "portability/wordpress_import.hpp"

#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/article.hpp"
#include "domain/slug.hpp"
#include "domain/time.hpp"
#include "domain/utf8.hpp"
#include "portability/html_markdown.hpp"
#include "portability/html_text.hpp"
#include "portability/page_keys.hpp"
#include "portability/wxr_reader.hpp"
#include "service/articles.hpp"

namespace tribune::portability {
namespace {

using domain::ErrorCode;

constexpr std::string_view kSource = "wordpress";
constexpr std::size_t kMaxAuthors = 100'000;  // <wp:author> blocks kept (a site has a few)
constexpr std::size_t kMaxMessages = 20;

// "2019-06-03 10:00:00" (WordPress's GMT times) as an instant; nullopt for "0000-00-00 ..." (a
// draft's) or anything else.
std::optional<domain::Time> gmt_time(std::string_view text) {
    if (text.size() != 19 || text[10] != ' ' || text.starts_with("0000")) return std::nullopt;
    std::string iso(text);
    iso[10] = 'T';
    iso += 'Z';
    return domain::parse_rfc3339(iso);
}

// Bounded at a character boundary.
std::string cut(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t at = max;
    while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    s.resize(at);
    return s;
}

// One line of text from a title or name that may carry markup or entities.
std::string line_of(std::string_view html, std::size_t max) {
    std::string text = html_to_text(html);
    for (auto& c : text)
        if (c == '\n') c = ' ';
    return cut(std::move(text), max);
}

std::string percent_decoded(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return domain::is_valid_utf8(out) ? out : std::string(s);
}

// post_name as it is when it is a slug here; else made one of (WordPress keeps non-ASCII
// names percent-encoded); else from the title; else from the post id.
std::string slug_of(const WxrItem& item, const std::string& title) {
    if (domain::is_valid_slug(item.post_name)) return item.post_name;
    std::string slug = domain::slugify(percent_decoded(item.post_name));
    if (slug.empty()) slug = domain::slugify(title);
    if (slug.empty()) slug = "post-" + domain::slugify(item.id);
    return slug;
}

// The body, bounded by what an article holds: cut at the last paragraph that fits.
std::string body_of(const WxrItem& item, bool& cut_short) {
    std::string md = wordpress_html_to_markdown(item.content);
    cut_short = md.size() > domain::article_limits::kBody;
    if (!cut_short) return md;
    auto at = md.rfind("\n\n", domain::article_limits::kBody);
    return cut(md.substr(0, at == std::string::npos ? domain::article_limits::kBody : at),
               domain::article_limits::kBody);
}

domain::CommentStatus comment_status(std::string_view approved) {
    if (approved == "1" || approved == "approve") return domain::CommentStatus::kApproved;
    if (approved == "spam") return domain::CommentStatus::kSpam;
    if (approved == "trash" || approved == "post-trashed") return domain::CommentStatus::kDeleted;
    return domain::CommentStatus::kPending;
}

class WordPressImport {
public:
    WordPressImport(service::Context& ctx, CommentImport& import, bool dry_run)
        : ctx_(ctx), import_(import), dry_run_(dry_run) {}

    domain::Result<void> author(WxrAuthor&& a) {
        if (a.login.empty() || names_.size() >= kMaxAuthors) return {};
        names_[std::move(a.login)] = std::move(a.display_name);
        return {};
    }

    domain::Result<void> item(WxrItem&& item) {
        if (item.post_type == "page") return skip_item(ImportNote::kPage);
        if (item.post_type == "attachment") return skip_item(ImportNote::kAttachment);
        if (item.post_type != "post" || item.id.empty() || item.status == "trash" || item.status == "auto-draft" ||
            item.status == "inherit")
            return skip_item(ImportNote::kInvalid);

        auto page = article_page(item);
        if (!page) return page.error();
        if (page->empty()) return {};  // reported already
        if (auto r = import_.add_thread({item.id, *page, item.comment_status == "closed"}); !r) return r;
        for (auto& c : item.comments)
            if (auto r = comment(item.id, *page, std::move(c)); !r) return r;
        return {};
    }

    WordPressImportNotes notes;

private:
    // A page, an attachment or an item of another kind: reported, not imported (nor its comments).
    domain::Result<void> skip_item(ImportNote note) {
        import_.skip(note);
        return {};
    }

    void tell(std::string message) {
        if (notes.messages.size() < kMaxMessages) notes.messages.push_back(std::move(message));
    }

    // The display name for a login: the profile remembered at an earlier import (as an editor
    // may have renamed it since), else the file's <wp:author> block, else the login.
    domain::Result<std::string> author_name(const std::string& login) {
        if (login.empty()) return std::string("No Name");
        auto known = ctx_.store.remembered_item(kSource, "author", login);
        if (!known) return known.error();
        if (*known) {
            auto profile = ctx_.store.get_author((*known)->page);
            if (profile) return profile->name;
        }
        auto it = names_.find(login);
        std::string name = it != names_.end() && !it->second.empty() ? it->second : login;
        name = line_of(name, domain::article_limits::kName);
        return domain::slugify(name).empty() ? std::string("No Name") : name;
    }

    // The page of the post's article: the one made at an earlier import, or a new one. "" when
    // the post could not become an article (reported).
    domain::Result<std::string> article_page(const WxrItem& item) {
        auto known = ctx_.store.remembered_item(kSource, "article", item.id);
        if (!known) return known.error();
        if (*known) {
            import_.skip(ImportNote::kAlreadyImported);
            return (*known)->page;
        }
        if (dry_run_) {
            if (!dry_articles_.emplace(item.id).second) {
                import_.skip(ImportNote::kAlreadyImported);
                return "/articles/" + slug_of(item, item.title);
            }
        }

        service::ArticleDraft d;
        std::string title = line_of(item.title, domain::article_limits::kTitle);
        if (title.empty()) title = "Untitled";
        d.title = title;
        const std::string slug = slug_of(item, title);
        d.slug = slug;
        d.summary = cut(html_to_text(item.excerpt), domain::article_limits::kSummary);
        bool cut_short = false;
        d.body_markdown = body_of(item, cut_short);
        if (cut_short) tell("post " + item.id + ": the body was longer than an article holds and was cut");
        auto author = author_name(item.creator);
        if (!author) return author.error();
        d.authors = std::vector<std::string>{*author};
        d.section = item.categories.empty() ? std::string() : line_of(item.categories.front(), domain::article_limits::kName);
        std::vector<std::string> tags;
        for (const auto& t : item.tags)
            if (tags.size() < domain::article_limits::kMaxTags) tags.push_back(line_of(t, domain::article_limits::kName));
        d.tags = std::move(tags);

        const auto when = gmt_time(item.date_gmt);
        const auto now = ctx_.clock.now();
        if (item.status == "publish" || item.status == "future") {
            if (!when) {
                import_.skip(ImportNote::kInvalid);
                tell("post " + item.id + ": no post_date_gmt for a " + item.status + " post; not imported");
                return std::string();
            }
            d.status = *when > now ? "scheduled" : "published";
            d.published_at = *when;
        } else {
            d.status = "draft";
            if (item.status == "private") {
                ++notes.private_posts;
                tell("post " + item.id + " (" + slug + ") was private: imported as a draft");
            }
        }

        if (dry_run_) {
            import_.count_article();
            return "/articles/" + slug;
        }
        const auto actor = service::Actor::command_line_operator();
        auto made = service::create_article(ctx_, actor, d);
        if (!made && made.error().code == ErrorCode::kConflict) {
            // The slug is taken by an article of this site: the post id makes it apart.
            d.slug = domain::slugify(slug + "-" + item.id);
            made = service::create_article(ctx_, actor, d);
        }
        if (!made) {
            if (made.error().code != ErrorCode::kInvalid) return made.error();
            import_.skip(ImportNote::kInvalid);
            tell("post " + item.id + ": " + made.error().message);
            return std::string();
        }
        const std::string page = made->page_key();
        if (auto r = ctx_.store.remember_item(kSource, "article", item.id, {made->id, page}); !r) return r.error();
        if (!item.creator.empty() && !made->authors.empty())
            if (auto r = ctx_.store.remember_item(kSource, "author", item.creator, {0, made->authors.front().slug}); !r)
                return r.error();
        import_.count_article();
        if (auto r = redirect_old_path(item.link, page); !r) return r.error();
        return page;
    }

    // The post's old address answers 301 to the article, when it has a path of its own (a
    // draft's "?p=12" link has none).
    domain::Result<void> redirect_old_path(const std::string& link, const std::string& page) {
        const std::string path = page_key_of(link, {});
        if (path.size() < 2 || path.size() > store::kMaxRedirectPath || path.front() != '/' || path == page ||
            !domain::is_valid_utf8(path))
            return {};
        auto added = ctx_.store.add_path_redirect({path, page});
        if (!added) return added.error();
        if (*added) ++notes.redirects;
        return {};
    }

    domain::Result<void> comment(const std::string& post_id, const std::string& page, WxrComment&& c) {
        if (c.type == "pingback" || c.type == "trackback") {
            import_.skip(ImportNote::kPingback, page);
            return {};
        }
        auto at = gmt_time(c.date_gmt);
        if (!at || c.id.empty()) {
            import_.skip(ImportNote::kInvalid, page);
            return {};
        }
        SourceComment s;
        s.id = std::move(c.id);
        s.thread_id = post_id;
        s.parent_id = c.parent_id == "0" ? std::string() : std::move(c.parent_id);
        s.author_name = std::move(c.author_name);
        s.author_email = std::move(c.author_email);
        s.ip_address = std::move(c.author_ip);
        s.status = comment_status(c.approved);
        // A trashed comment keeps no text: it is a tombstone, or nothing, here.
        s.text = s.status == domain::CommentStatus::kDeleted ? std::string() : text_with_html_to_text(c.content);
        s.created_at = *at;
        return import_.add_comment(std::move(s));
    }

    service::Context& ctx_;
    CommentImport& import_;
    bool dry_run_;
    std::unordered_map<std::string, std::string> names_;
    std::unordered_set<std::string> dry_articles_;
};

}  // namespace

domain::Result<WordPressImportNotes> import_wordpress(std::istream& in, service::Context& ctx, CommentImport& import,
                                                      bool dry_run) {
    WordPressImport wp(ctx, import, dry_run);
    WxrHandlers handlers;
    handlers.author = [&](WxrAuthor&& a) { return wp.author(std::move(a)); };
    handlers.item = [&](WxrItem&& i) { return wp.item(std::move(i)); };
    if (auto r = read_wxr(in, handlers); !r) return r.error();
    return std::move(wp.notes);
}

}  // namespace tribune::portability
