#pragma once
// Response compression: which coding a client accepts (Accept-Encoding), gzip and Brotli
// variants of a body made once (at start for static files, when a cache entry is stored for
// thread pages), and answering with the variant a request prefers. Nothing here compresses per
// request; zlib and Brotli stay inside compression.cpp.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::http {

enum class Encoding { kIdentity, kGzip, kBrotli };

/// The Content-Encoding token: "gzip", "br"; empty for identity.
std::string_view content_coding(Encoding e);

/// What a client's Accept-Encoding fields say about the codings Tribune sends (RFC 9110 12.5.3):
/// tokens compared ignoring case, q-values, q=0 as a refusal, `*` for codings not named, and
/// `identity` acceptable unless refused. Bounded: at most kMaxItems list items are looked at in
/// all, however long or repeated the fields are.
class AcceptEncoding {
public:
    static constexpr int kMaxItems = 32;

    /// Reads one field value; several fields make one list.
    void add(std::string_view field_value);

    /// The best of identity and the codings offered: the highest weight, ties going to br,
    /// then gzip, then identity. Identity when no field was sent, and when the client refused
    /// everything (a 406 would help nobody; RFC 9110 lets a server ignore the field).
    Encoding choose(bool br_offered, bool gzip_offered) const;

    /// Items looked at so far (for tests).
    int items() const { return items_; }

private:
    int weight_of(int named) const;

    bool present_ = false;
    int items_ = 0;
    // q-values in thousandths (0..1000); -1: not named.
    int br_ = -1, gzip_ = -1, identity_ = -1, star_ = -1;
};

/// Every Accept-Encoding field of `req`.
AcceptEncoding accept_encoding_of(const Request& req);

/// The gzip stream (RFC 1952) of `data` at zlib level 1..9; nullopt if zlib fails.
std::optional<std::string> gzip_compress(std::string_view data, int level);
/// The Brotli stream (RFC 7932) of `data` at quality 0..11; nullopt if the encoder fails.
std::optional<std::string> brotli_compress(std::string_view data, int quality);

/// Bodies smaller than this gain too little to be worth a variant.
inline constexpr std::size_t kMinCompressBytes = 512;

/// Text types (HTML, CSS, scripts, JSON, SVG, icons) of at least kMinCompressBytes; never
/// video, audio or images that are compressed already.
bool worth_compressing(std::string_view content_type, std::size_t size);

/// How hard to try: once at start for files served for the process's life (Brotli 11, gzip 9),
/// or per cache entry, where a miss waits for it (Brotli 5, gzip 6).
enum class Effort { kStatic, kCacheEntry };

/// A compressed form of a body and its ETag (the body's, with "-br" or "-gz" inside the quotes
/// so If-None-Match names the variant it holds).
struct Variant {
    std::string body;
    std::string etag;
};

/// The compressed variants of one body; a missing one was not worth it or not smaller.
struct Variants {
    std::optional<Variant> gzip;
    std::optional<Variant> br;

    bool empty() const { return !gzip && !br; }
    /// Bytes held, for cache budgets.
    std::size_t bytes() const;
};

/// gzip and Brotli variants of `body` (whose ETag is `etag`) when the type and size are worth
/// it; null when none is. Call once per body, never per request.
std::shared_ptr<const Variants> make_variants(std::string_view body, std::string_view content_type,
                                              std::string_view etag, Effort effort);

/// The form of a body chosen for one request; views into the body and its variants.
struct ChosenForm {
    std::string_view body;
    std::string_view etag;
    Encoding encoding = Encoding::kIdentity;
    bool negotiated = false;  // there were variants to choose from: the answer varies
};

/// The form of a body (`identity`, whose ETag is `identity_etag`) that `req` accepts best.
/// `variants` may be null.
ChosenForm choose_form(const Request& req, std::string_view identity, std::string_view identity_etag,
                       const Variants* variants);

/// Sets the ETag and Content-Encoding of `f` on `r` (replacing any), and Vary: Accept-Encoding
/// when it was negotiated (merged with any Vary already there). Leaves the body alone.
void describe_form(Response& r, const ChosenForm& f);

/// choose_form, describe_form, and the chosen bytes as the body.
void answer_with_form(const Request& req, Response& r, std::string_view identity, std::string_view identity_etag,
                      const Variants* variants);

}  // namespace tribune::http
