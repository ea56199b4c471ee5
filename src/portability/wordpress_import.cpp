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

// WordPress's post ids are BIGINT UNSIGNED: at most 20 digits.
constexpr std::size_t kMaxPostIdDigits = 20;

using domain::ErrorCode;

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

// The slug that tells a post apart from an article of the site holding `base`: base cut so that
// "-" and the post id fit in a slug. "" when even the id does not fit.
std::string slug_with_id(std::string_view base, std::string_view id) {
    const std::string suffix = "-" + domain::slugify(id);
    if (suffix.size() < 2 || suffix.size() >= domain::article_limits::kSlug) return {};
    std::string head(base.substr(0, domain::article_limits::kSlug - suffix.size()));
    while (!head.empty() && head.back() == '-') head.pop_back();
    return head.empty() ? suffix.substr(1) : head + suffix;
}

constexpr std::string_view kArticlePrefix = "/articles/";

// The body, bounded by what an article holds: cut at the last paragraph that fits. `flattened`:
// its markup was past what the parser is given (html_parse.hpp), only text and paragraphs kept.
std::string body_of(const WxrItem& item, bool& cut_short, bool& flattened) {
    std::string md = wordpress_html_to_markdown(item.content, &flattened);
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
        if (item.post_type == "page") return skip_item(item, ImportNote::kPage);
        if (item.post_type == "attachment") return skip_item(item, ImportNote::kAttachment);
        // WordPress post ids are numbers: anything else (or a hostile 4 MiB "id") is no post of
        // WordPress's, and never reaches a message or the store.
        const bool numeric_id = !item.id.empty() && item.id.size() <= kMaxPostIdDigits &&
                                item.id.find_first_not_of("0123456789") == std::string::npos;
        if (item.post_type != "post" || !numeric_id || item.status == "trash" || item.status == "auto-draft" ||
            item.status == "inherit")
            return skip_item(item, ImportNote::kInvalid);

        auto page = article_page(item);
        if (!page) return page.error();
        if (page->empty()) {  // the post itself is reported already
            skip_comments(item, ImportNote::kInvalid);
            return {};
        }
        if (auto r = import_.add_thread({item.id, *page, item.comment_status == "closed"}); !r) return r;
        for (auto& c : item.comments)
            if (auto r = comment(item.id, *page, std::move(c)); !r) return r;
        return {};
    }

    WordPressImportNotes notes;

private:
    // A page, an attachment or an item of another kind: reported, not imported, and its comments
    // with it under the same reason.
    domain::Result<void> skip_item(const WxrItem& item, ImportNote note) {
        import_.skip(note);
        skip_comments(item, note);
        return {};
    }

    void skip_comments(const WxrItem& item, ImportNote note) {
        for (std::size_t i = 0; i < item.comments.size(); ++i) import_.skip(note);
    }

    void tell(std::string message) {
        if (notes.messages.size() < kMaxMessages) notes.messages.push_back(std::move(message));
    }

    // The display name for a login: the profile remembered at an earlier import (as an editor
    // may have renamed it since), else the file's <wp:author> block, else the login.
    domain::Result<std::string> author_name(const std::string& login) {
        if (login.empty()) return std::string("No Name");
        auto known = ctx_.store.remembered_item(import_.source(), "author", login);
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
    // the post could not become an article (reported). The page is remembered before the article
    // is made: an import stopped in between leaves a page without its article, which the next
    // import makes there, never a second article of the same post.
    domain::Result<std::string> article_page(const WxrItem& item) {
        auto known = ctx_.store.remembered_item(import_.source(), "article", item.id);
        if (!known) return known.error();
        if (*known) {
            auto made = ctx_.store.article_for_page((*known)->page);
            if (made || made.error().code != ErrorCode::kNotFound) {
                if (!made) return made.error();
                // The article there is this post's when it was remembered as made, or, for a page
                // remembered before its article was made (an import stopped in between), when it
                // is what the post makes; else someone else's took the page meanwhile.
                const bool ours = (*known)->local_id != 0 ? made->id == (*known)->local_id : is_ours(item, *made);
                if (!ours) {
                    import_.skip(ImportNote::kInvalid);
                    tell("post " + item.id + ": its page " + cut((*known)->page, 200) +
                         " holds another article; not imported");
                    return std::string();
                }
                if (!dry_run_ && (*known)->local_id == 0)
                    if (auto r = ctx_.store.remember_item(import_.source(), "article", item.id, {made->id, made->page_key()});
                        !r)
                        return r.error();
                import_.skip(ImportNote::kAlreadyImported);
                // What an import stopped after the article may have left undone.
                if (!dry_run_)
                    if (auto r = finish_article(item, *made); !r) return r.error();
                return (*known)->page;
            }
            const std::string& page = (*known)->page;
            if (!page.starts_with(kArticlePrefix)) {
                import_.skip(ImportNote::kInvalid);
                tell("post " + item.id + ": remembered on page " + cut(page, 200) + ", which is not an article's");
                return std::string();
            }
            auto draft = article_draft(item, page.substr(kArticlePrefix.size()));
            if (!draft) return draft.error();
            if (!*draft) return std::string();  // reported
            if (dry_run_) {
                import_.count_article();
                return page;
            }
            return create(item, **draft);
        }
        if (dry_run_ && !dry_articles_.emplace(item.id).second) {
            import_.skip(ImportNote::kAlreadyImported);
            return std::string(kArticlePrefix) + slug_of(item, title_of(item));
        }
        auto before = made_before(item);
        if (!before) return before.error();
        if (*before) {
            // An earlier import made it and stopped before remembering it.
            import_.skip(ImportNote::kAlreadyImported);
            const domain::Article& made = **before;
            if (!dry_run_) {
                if (auto r = ctx_.store.remember_item(import_.source(), "article", item.id, {made.id, made.page_key()}); !r)
                    return r.error();
                if (auto r = finish_article(item, made); !r) return r.error();
            }
            return made.page_key();
        }
        auto slug = free_slug(item);
        if (!slug) return slug.error();
        if (slug->empty()) return std::string();  // reported
        auto draft = article_draft(item, *slug);
        if (!draft) return draft.error();
        if (!*draft) return std::string();  // reported
        const std::string page = std::string(kArticlePrefix) + *slug;
        if (dry_run_) {
            import_.count_article();
            return page;
        }
        if (auto r = ctx_.store.remember_item(import_.source(), "article", item.id, {0, page}); !r) return r.error();
        return create(item, **draft);
    }

    // The article at the post's slug (or the slug with its id) that this post made, told by its
    // title, its body (not empty) and its publication time (for a post that has one): what an
    // import of an earlier version left when it stopped between making the article and
    // remembering it.
    domain::Result<std::optional<domain::Article>> made_before(const WxrItem& item) {
        const std::string base = slug_of(item, title_of(item));
        for (const std::string& slug : {base, slug_with_id(base, item.id)}) {
            if (slug.empty()) continue;
            auto a = ctx_.store.get_article(slug);
            if (!a && a.error().code == ErrorCode::kNotFound) continue;
            if (!a) return a.error();
            if (is_ours(item, *a)) return std::optional<domain::Article>(std::move(*a));
        }
        return std::optional<domain::Article>();
    }

    // Whether `a` is what `item` makes: its title, its body (not empty) and its publication time
    // (for a post that has one).
    bool is_ours(const WxrItem& item, const domain::Article& a) {
        const auto when = gmt_time(item.date_gmt);
        const bool dated = item.status == "publish" || item.status == "future";
        if (a.title != title_of(item) || (dated && (!when || a.published_at != *when))) return false;
        bool cut_short = false, flattened = false;
        const std::string body = body_of(item, cut_short, flattened);
        return !body.empty() && a.body_markdown == body;
    }

    // The post's slug, or the slug with the post id when an article of this site holds it; ""
    // when both are taken (reported).
    domain::Result<std::string> free_slug(const WxrItem& item) {
        const std::string base = slug_of(item, title_of(item));
        std::string slug = base;
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto taken = ctx_.store.get_article(slug);
            if (!taken && taken.error().code == ErrorCode::kNotFound) return slug;
            if (!taken) return taken.error();
            if (attempt == 0) slug = slug_with_id(base, item.id);
            if (slug.empty()) break;
        }
        import_.skip(ImportNote::kInvalid);
        tell("post " + item.id + ": its slug " + base + " is taken by another article, with its id too; not imported");
        return std::string();
    }

    static std::string title_of(const WxrItem& item) {
        std::string title = line_of(item.title, domain::article_limits::kTitle);
        return title.empty() ? std::string("Untitled") : title;
    }

    // Names that make no link (only punctuation or emoji: no slug) are left out and told, so
    // the post keeps the rest; names with the same slug are one.
    std::vector<std::string> linkable_names(const WxrItem& item, const std::vector<std::string>& raw, std::size_t max,
                                            std::string_view what) {
        std::vector<std::string> names;
        std::unordered_set<std::string> slugs;
        for (const auto& r : raw) {
            if (names.size() >= max) break;
            std::string name = line_of(r, domain::article_limits::kName);
            if (name.find_first_not_of(" \t") == std::string::npos) continue;
            std::string slug = domain::slugify(name);
            if (slug.empty()) {
                tell("post " + item.id + ": the " + std::string(what) + " \"" + cut(name, 60) +
                     "\" has no letters or digits to make a link of; left out");
                continue;
            }
            if (slugs.insert(std::move(slug)).second) names.push_back(std::move(name));
        }
        return names;
    }

    // The article the post makes at `slug`, checked by the rules of a save (so that a page is
    // remembered only for a post that can become an article); nullopt when it cannot (reported).
    domain::Result<std::optional<service::ArticleDraft>> article_draft(const WxrItem& item, const std::string& slug) {
        service::ArticleDraft d;
        const std::string title = title_of(item);
        d.title = title;
        d.slug = slug;
        d.summary = cut(html_to_text(item.excerpt), domain::article_limits::kSummary);
        bool cut_short = false, flattened = false;
        d.body_markdown = body_of(item, cut_short, flattened);
        if (cut_short) tell("post " + item.id + ": the body was longer than an article holds and was cut");
        if (flattened)
            tell("post " + item.id + ": the body's markup was nested too deep or too large to keep; its text and "
                 "paragraphs were kept");
        auto author = author_name(item.creator);
        if (!author) return author.error();
        d.authors = std::vector<std::string>{*author};
        const auto section = linkable_names(item, item.categories, 1, "category");
        d.section = section.empty() ? std::string() : section.front();
        d.tags = linkable_names(item, item.tags, domain::article_limits::kMaxTags, "tag");

        const auto when = gmt_time(item.date_gmt);
        const auto now = ctx_.clock.now();
        if (item.status == "publish" || item.status == "future") {
            if (!when) {
                import_.skip(ImportNote::kInvalid);
                tell("post " + item.id + ": no post_date_gmt for a " + item.status + " post; not imported");
                return std::nullopt;
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

        auto checked = service::preview_article(ctx_, import_.actor(), "", d);
        if (!checked) {
            if (checked.error().code != ErrorCode::kInvalid) return checked.error();
            import_.skip(ImportNote::kInvalid);
            tell("post " + item.id + ": " + checked.error().message);
            return std::nullopt;
        }
        return d;
    }

    // Makes the post's article from its checked draft, on the page remembered for it.
    domain::Result<std::string> create(const WxrItem& item, const service::ArticleDraft& d) {
        auto made = service::create_article(ctx_, import_.actor(), d);
        if (!made) {
            if (made.error().code != ErrorCode::kInvalid && made.error().code != ErrorCode::kConflict)
                return made.error();
            // The page stays remembered: the next import tries again there.
            import_.skip(ImportNote::kInvalid);
            tell("post " + item.id + ": " + made.error().message);
            return std::string();
        }
        import_.count_article();
        // Made: the remembered page learns its article's id.
        if (auto r = ctx_.store.remember_item(import_.source(), "article", item.id, {made->id, made->page_key()}); !r)
            return r.error();
        if (auto r = finish_article(item, *made); !r) return r.error();
        return made->page_key();
    }

    // The steps after the article is made, each idempotent: its author remembered by login (so
    // a later import names the profile as it is now), its old address redirected.
    domain::Result<void> finish_article(const WxrItem& item, const domain::Article& made) {
        if (!item.creator.empty() && !made.authors.empty()) {
            auto known = ctx_.store.remembered_item(import_.source(), "author", item.creator);
            if (!known) return known.error();
            const store::RememberedItem author{0, made.authors.front().slug};
            if (!*known)
                if (auto r = ctx_.store.remember_item(import_.source(), "author", item.creator, author); !r) return r.error();
        }
        return redirect_old_path(item.link, made.page_key());
    }

    // The post's old address answers 301 to the article, when it has a path of its own (a
    // draft's "?p=12" link has none).
    domain::Result<void> redirect_old_path(const std::string& link, const std::string& page) {
        const std::string path = page_key_of(link, {});
        if (path.size() < 2 || path.size() > store::kMaxRedirectPath || path.front() != '/' || path == page ||
            !domain::is_valid_utf8(path))
            return {};
        auto existing = ctx_.store.path_redirect(path);
        if (!existing) return existing.error();
        if (*existing) return {};
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
    // WordPress numbers posts and comments per site: ids are remembered under the site's address.
    handlers.site = [&](std::string&& address) { import.set_site(address); };
    handlers.author = [&](WxrAuthor&& a) { return wp.author(std::move(a)); };
    handlers.item = [&](WxrItem&& i) { return wp.item(std::move(i)); };
    if (auto r = read_wxr(in, handlers); !r) return r.error();
    return std::move(wp.notes);
}

}  // namespace tribune::portability
