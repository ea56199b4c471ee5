#pragma once
// Decoding for the compression tests: what a client does with a gzip or Brotli answer.

#include <brotli/decode.h>
#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tribune::http::testing {

// The decoded bytes, or a marker that can never equal a test's text.
inline std::string gunzip(std::string_view data) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return "<init failed>";
    std::string out(1 << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return rc == Z_STREAM_END ? out : "<inflate failed>";
}

inline std::string unbrotli(std::string_view data) {
    std::string out(1 << 20, '\0');
    std::size_t size = out.size();
    if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                                reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
        return "<decode failed>";
    out.resize(size);
    return out;
}

}  // namespace tribune::http::testing

