#include "http/media_embeds.hpp"

#include "domain/media_probe.hpp"
#include "service/context.hpp"
#include "service/media.hpp"

namespace tribune::http {

render::MediaLookup media_lookup(service::Context& ctx, std::string base_url) {
    return [&ctx, base = std::move(base_url)](std::string_view url) -> std::optional<render::EmbeddedMedia> {
        constexpr std::string_view kPrefix = "/media/";
        if (!url.starts_with(kPrefix)) return std::nullopt;
        auto item = service::find_media(ctx, url.substr(kPrefix.size()));
        if (!item || !item->variant_of.empty()) return std::nullopt;
        render::EmbeddedMedia m;
        m.kind = item->kind;
        m.url = base + service::media_url(*item);
        m.content_type = item->content_type;
        if (item->width && item->height) {
            m.width = *item->width;
            m.height = *item->height;
        }
        // Whole seconds as the lead media shows them (the API's duration_seconds).
        if (item->duration_ms) m.duration_seconds = domain::whole_seconds(static_cast<double>(*item->duration_ms) / 1000.0);
        if (m.kind == "image") {
            // The copies narrowest first, then the original (service::image_copies' order).
            auto variants = ctx.store.media_variants(item->hash);
            if (variants && !variants->empty()) {
                for (const auto& v : *variants) m.sources.push_back({base + service::media_url(v), v.width.value_or(0)});
                m.sources.push_back({m.url, m.width});
            }
        }
        return m;
    };
}

std::string article_body(service::Context& ctx, std::string_view md, std::string base_url) {
    return render::article_body_html(md, media_lookup(ctx, std::move(base_url)));
}

}  // namespace tribune::http
