#include "service/preview_links.hpp"

#include <sodium.h>

#include <charconv>

#include "service/articles.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/keyed_hash.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;

constexpr std::size_t kSignatureBytes = 32;

// Preview links have a key of their own, derived once from the node's secret key (the same on
// every node, kept outside the store: Safeguards::set_node_key), so a stolen database cannot mint
// them. Without it there are no links (an empty key would let anyone make them).
domain::Result<std::string> signature(const Context& ctx, const std::string& page_key, std::int64_t expires) {
    if (ctx.guards.preview_key.empty())
        return domain::make_error(ErrorCode::kUnavailable, "Preview links unavailable", "the node has no key for them");
    return keyed_hash_hex("preview\n" + page_key + "\n" + std::to_string(expires), ctx.guards.preview_key,
                          kSignatureBytes);
}

domain::Error no_such_link() {
    return domain::make_error(ErrorCode::kNotFound, "Preview not found",
                              "this preview link is not valid (it may have expired): ask for a new one");
}

}  // namespace

domain::Result<PreviewLink> make_preview_link(Context& ctx, const Actor& actor, std::string_view slug, int days) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    if (days < 1 || days > kPreviewMaxDays)
        return domain::make_error(ErrorCode::kInvalid, "Invalid preview link", "days is a whole number from 1 to 30",
                                  {domain::FieldError{"days", "from 1 to 30"}});
    auto article = read_article(ctx, actor, slug);
    if (!article) return article.error();
    const std::int64_t now = domain::to_micros(ctx.clock.now()) / 1'000'000;
    const std::int64_t expires = now + std::int64_t{days} * 86'400;
    auto sig = signature(ctx, article->page_key(), expires);
    if (!sig) return sig.error();
    PreviewLink link;
    link.path = "/preview/" + article->slug + "?expires=" + std::to_string(expires) + "&sig=" + *sig;
    link.expires_at = domain::from_micros(expires * 1'000'000);
    if (auto ok = record_audit(ctx, actor, "article.preview_link", "article:" + std::to_string(article->id), "null",
                               "{\"expires\":" + std::to_string(expires) + "}");
        !ok)
        return ok.error();
    return link;
}

domain::Result<domain::Article> open_preview_link(Context& ctx, std::string_view slug, std::string_view expires,
                                                  std::string_view sig) {
    std::int64_t at = 0;
    const auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), at);
    const std::int64_t now = domain::to_micros(ctx.clock.now()) / 1'000'000;
    if (ec != std::errc{} || end != expires.data() + expires.size() || expires.size() > 12 || at <= now ||
        at > now + std::int64_t{kPreviewMaxDays} * 86'400 || sig.size() != kSignatureBytes * 2 ||
        !domain::is_valid_slug(slug))
        return no_such_link();
    auto article = ctx.store.get_article(slug);
    if (!article && article.error().code == ErrorCode::kNotFound) {
        auto moved = ctx.store.article_redirect(slug);
        if (!moved) return moved.error();
        if (!*moved) return no_such_link();
        article = ctx.store.get_article(**moved);
    }
    if (!article) return article.error().code == ErrorCode::kNotFound ? no_such_link() : article.error();
    // A withdrawn article is withdrawn for link holders too.
    if (article->status == domain::ArticleStatus::kUnpublished) return no_such_link();
    auto expected = signature(ctx, article->page_key(), at);
    if (!expected) return no_such_link();
    if (sodium_memcmp(expected->data(), sig.data(), expected->size()) != 0) return no_such_link();
    return article;
}

}  // namespace tribune::service
