#include "store/common/media_transfer.hpp"

namespace tribune::store {
namespace {

constexpr int kPage = 100;

// FNV-1a over the canonical fields, in hash order.
void mix(std::uint64_t& h, std::string_view text) {
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
}

void add(MediaSummary& s, const MediaItem& m) {
    ++s.items;
    s.bytes += m.bytes;
    mix(s.checksum, m.hash);
    mix(s.checksum, std::to_string(m.bytes));
    mix(s.checksum, m.content_type);
    mix(s.checksum, m.variant_of);
}

// Calls `each` for every item in hash order, a page at a time.
template <class Each>
domain::Result<void> walk(MediaStore& media, Each&& each) {
    std::string after;
    for (;;) {
        auto page = media.list_media(after, kPage);
        if (!page) return page.error();
        for (const MediaItem& m : *page)
            if (auto ok = each(m); !ok) return ok.error();
        if (static_cast<int>(page->size()) < kPage) return {};
        after = page->back().hash;
    }
}

}  // namespace

domain::Result<MediaSummary> summarize_media(MediaStore& media) {
    MediaSummary s;
    s.checksum = 14695981039346656037ull;
    auto ok = walk(media, [&](const MediaItem& m) -> domain::Result<void> {
        add(s, m);
        return {};
    });
    if (!ok) return ok.error();
    return s;
}

domain::Result<MediaSummary> copy_media(MediaStore& from, MediaStore& to,
                                        const std::function<void(std::int64_t)>& progress) {
    MediaSummary s;
    s.checksum = 14695981039346656037ull;
    auto ok = walk(from, [&](const MediaItem& m) -> domain::Result<void> {
        std::string bytes;
        bytes.reserve(static_cast<std::size_t>(m.bytes));
        while (static_cast<std::int64_t>(bytes.size()) < m.bytes) {
            auto part = from.read_media(m.hash, static_cast<std::int64_t>(bytes.size()), kMaxMediaRead);
            if (!part) return part.error();
            if (part->empty())
                return domain::make_error(domain::ErrorCode::kInternal, "Media incomplete",
                                          "a media item's bytes are shorter than its size");
            bytes += *part;
        }
        auto put = to.put_media(m, bytes);
        if (!put) return put.error();
        add(s, m);
        if (progress && s.items % 100 == 0) progress(s.items);
        return {};
    });
    if (!ok) return ok.error();
    return s;
}

std::string describe(const MediaSummary& s) {
    return std::to_string(s.items) + " media items (" + std::to_string(s.bytes) + " bytes)";
}

}  // namespace tribune::store
