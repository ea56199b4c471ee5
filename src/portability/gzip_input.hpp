#pragma once
// Other systems' exports often come gzip-compressed (a Remark42 backup, a Commento export, a
// Disqus export as mailed): an importer reads the file as it is or gunzipped on the way, in the
// same bounded memory, without the operator unpacking it first.

#include <functional>
#include <istream>
#include <string>

#include "domain/error.hpp"

namespace tribune::portability {

/// Opens `path` and hands `read` a stream of its bytes: gunzipped when the file starts with
/// gzip's magic bytes (1f 8b), as they are otherwise (zlib reads such a file through). Errors:
/// kNotFound when the file cannot be opened; kMalformed when the gzip data is damaged or cut
/// short (this wins over what `read` made of the bytes it got); else `read`'s own.
domain::Result<void> read_maybe_gzip(const std::string& path,
                                     const std::function<domain::Result<void>(std::istream&)>& read);

}  // namespace tribune::portability
