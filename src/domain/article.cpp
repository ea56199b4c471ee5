#include "domain/article.hpp"

#include <chrono>
#include <cstdio>

#include "domain/comment_text.hpp"
#include "domain/utf8.hpp"

namespace tribune::domain {
namespace {

Error field_error(std::string field, std::string message) {
    return make_error(ErrorCode::kInvalid, "Invalid article", message, {FieldError{std::move(field), message}});
}

// A one-line text: valid UTF-8, no controls or direction overrides, within `limit` bytes.
Result<void> check_line(std::string_view field, std::string_view text, std::size_t limit, bool required) {
    if (!is_valid_utf8(text)) return field_error(std::string(field), std::string(field) + " is not valid UTF-8");
    if (required && text.find_first_not_of(" \t") == std::string_view::npos)
        return field_error(std::string(field), std::string(field) + " must not be empty");
    if (text.size() > limit)
        return field_error(std::string(field),
                           std::string(field) + " is longer than " + std::to_string(limit) + " bytes");
    if (has_control_characters(text, false) || has_direction_controls(text))
        return field_error(std::string(field), std::string(field) + " may hold only printable characters on one line");
    return {};
}

Result<void> check_text(std::string_view field, std::string_view text, std::size_t limit) {
    if (!is_valid_utf8(text)) return field_error(std::string(field), std::string(field) + " is not valid UTF-8");
    if (text.size() > limit)
        return field_error(std::string(field),
                           std::string(field) + " is longer than " + std::to_string(limit) + " bytes");
    if (has_control_characters(text, true))
        return field_error(std::string(field), std::string(field) + " may not hold control characters");
    return {};
}

Result<void> check_names(std::string_view field, const std::vector<NamedRef>& names, std::size_t max) {
    if (names.size() > max)
        return field_error(std::string(field), std::string(field) + " may name at most " + std::to_string(max));
    for (const auto& n : names) {
        if (auto ok = check_line(field, n.name, article_limits::kName, true); !ok) return ok;
        if (!is_valid_slug(n.slug))
            return field_error(std::string(field), "\"" + n.name + "\" has no letters or digits to make a link of");
    }
    return {};
}

}  // namespace

std::string_view to_string(ArticleStatus s) {
    switch (s) {
        case ArticleStatus::kDraft: return "draft";
        case ArticleStatus::kScheduled: return "scheduled";
        case ArticleStatus::kPublished: return "published";
        case ArticleStatus::kUnpublished: return "unpublished";
    }
    return "draft";
}

std::optional<ArticleStatus> parse_article_status(std::string_view s) {
    for (auto status : {ArticleStatus::kDraft, ArticleStatus::kScheduled, ArticleStatus::kPublished,
                        ArticleStatus::kUnpublished})
        if (s == to_string(status)) return status;
    return std::nullopt;
}

std::string Article::byline() const {
    std::string out;
    for (std::size_t i = 0; i < authors.size(); ++i) {
        if (i > 0) out += i + 1 == authors.size() ? " and " : ", ";
        out += authors[i].name;
    }
    return out;
}

const std::string& Article::lead_author() const {
    static const std::string kNone;
    return authors.empty() ? kNone : authors.front().name;
}

bool Article::shows_updated() const {
    // A correction always says the article changed, however soon after publication it came.
    return status == ArticleStatus::kPublished &&
           (updated_at - published_at > std::chrono::minutes(1) || (!corrections.empty() && updated_at > published_at));
}

bool is_valid_slug(std::string_view slug) {
    if (slug.empty() || slug.size() > article_limits::kSlug) return false;
    if (slug.front() == '-' || slug.back() == '-') return false;
    char previous = 0;
    for (const char c : slug) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && previous == '-')) return false;
        previous = c;
    }
    return true;
}

Result<void> validate_article(const Article& a) {
    if (auto ok = check_line("title", a.title, article_limits::kTitle, true); !ok) return ok;
    if (!is_valid_slug(a.slug))
        return field_error("slug", "slug must be 1 to " + std::to_string(article_limits::kSlug) +
                                       " of a-z, 0-9 and single hyphens inside");
    if (auto ok = check_text("summary", a.summary, article_limits::kSummary); !ok) return ok;
    if (auto ok = check_text("body_markdown", a.body_markdown, article_limits::kBody); !ok) return ok;
    if (a.authors.empty()) return field_error("authors", "an article needs at least one author");
    if (auto ok = check_names("authors", a.authors, article_limits::kMaxAuthors); !ok) return ok;
    if (a.section) {
        if (auto ok = check_names("section", {*a.section}, 1); !ok) return ok;
    }
    if (auto ok = check_names("tags", a.tags, article_limits::kMaxTags); !ok) return ok;
    if (a.media) {
        if (auto ok = check_line("media.url", a.media->url, article_limits::kUrl, true); !ok) return ok;
        if (a.media->kind != "image" && a.media->kind != "video" && a.media->kind != "audio")
            return field_error("media.kind", "media.kind is image, video or audio");
        for (auto [field, text] : {std::pair<std::string_view, const std::string&>{"media.alt", a.media->alt},
                                   {"media.caption", a.media->caption},
                                   {"media.credit", a.media->credit}})
            if (auto ok = check_line(field, text, article_limits::kMediaText, false); !ok) return ok;
    }
    return {};
}

std::string format_duration(std::int32_t seconds) {
    if (seconds < 0) seconds = 0;
    char buf[24];
    const int h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0) std::snprintf(buf, sizeof buf, "%d:%02d:%02d", h, m, s);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", m, s);
    return buf;
}

}  // namespace tribune::domain
