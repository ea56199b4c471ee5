#include "portability/store_digest.hpp"

#include "service/media.hpp"
#include "store/common/summary.hpp"

namespace tribune::portability {

domain::Result<StoreDigest> digest_store(store::Store& s) {
    StoreDigest d;
    auto summary = s.summary();
    if (!summary) return summary.error();
    d.summary = *summary;
    auto media = store::summarize_media(s);
    if (!media) return media.error();
    d.media = *media;
    constexpr int kPage = 100;
    constexpr std::size_t kNamed = 10;
    std::string after;
    for (;;) {
        auto page = s.list_media(after, kPage);
        if (!page) return page.error();
        for (const store::MediaItem& m : *page) {
            auto got = service::stored_sha256(s, m);
            if (got && *got == m.hash) continue;
            if (d.bad_media.size() < kNamed)
                d.bad_media.push_back("media " + m.hash + ": " +
                                      (got ? "its bytes hash to " + *got : "cannot be read: " + got.error().message));
        }
        if (static_cast<int>(page->size()) < kPage) break;
        after = page->back().hash;
    }
    return d;
}

std::vector<std::string> digest_differences(const BackupManifest& m, const StoreDigest& d) {
    auto out = store::summary_differences(m.summary, d.summary);
    if (m.media != d.media) out.push_back("media: " + store::describe(m.media) + " vs " + store::describe(d.media));
    out.insert(out.end(), d.bad_media.begin(), d.bad_media.end());
    return out;
}

}  // namespace tribune::portability
