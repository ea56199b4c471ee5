#pragma once
// Other systems' exports often come gzip-compressed (a Remark42 backup, a Commento export, a
// Disqus export as mailed): an importer reads the file as it is or gunzipped on the way, in the
// same bounded memory, without the operator unpacking it first. What comes out of a gzip file is
// bounded too: a few kilobytes can unpack to terabytes (a "gzip bomb").

#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "domain/error.hpp"

namespace tribune::portability {

/// The most `tribune import` unpacks out of one gzip file: far past any real export (a 1 GB
/// Disqus file packs to about 100 MB), short of a bomb keeping an import busy for hours.
inline constexpr std::uint64_t kMaxUnpackedBytes = std::uint64_t{64} << 30;

struct GzipLimits {
    /// The most read out of a gzip file (a plain file is read as it is, whatever its size).
    std::uint64_t max_unpacked = kMaxUnpackedBytes;
    /// Asked between reads: when it says true, the stream ends and read_maybe_gzip answers
    /// import_stopped() (comment_import.hpp).
    std::function<bool()> stopped;
    /// Hears how many bytes of the file (compressed ones for a gzip file) were read so far.
    std::function<void(std::uint64_t)> file_read;
};

/// Opens `path` and hands `read` a stream of its bytes: gunzipped when the file starts with
/// gzip's magic bytes (1f 8b), as they are otherwise (zlib reads such a file through). Errors,
/// each winning over what `read` made of the bytes it got: kNotFound when the file cannot be
/// opened; kUnavailable (import_stopped) when `limits.stopped` ended it; kTooLarge when the
/// gzip data unpacks to more than `limits.max_unpacked`; kMalformed when the gzip data is
/// damaged or cut short; else `read`'s own.
domain::Result<void> read_maybe_gzip(const std::string& path,
                                     const std::function<domain::Result<void>(std::istream&)>& read,
                                     const GzipLimits& limits = {});

}  // namespace tribune::portability
