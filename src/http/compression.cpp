#include "http/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <climits>
#include <cstdint>

namespace tribune::http {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) (RFC 9110 12.4.2), in thousandths.
std::optional<int> parse_qvalue(std::string_view v) {
    if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return std::nullopt;
    const int whole = v[0] - '0';
    if (v.size() == 1) return whole * 1000;
    if (v[1] != '.') return std::nullopt;
    int fraction = 0;
    for (std::size_t i = 2; i < 5; ++i) {
        int digit = 0;
        if (i < v.size()) {
            if (v[i] < '0' || v[i] > '9') return std::nullopt;
            digit = v[i] - '0';
        }
        fraction = fraction * 10 + digit;
    }
    if (whole == 1 && fraction != 0) return std::nullopt;
    return whole * 1000 + fraction;
}

// One list item: a coding and its parameters. Returns the coding's weight, or nullopt when the
// weight is malformed (the item is then ignored: we cannot tell what the client meant).
std::optional<int> item_weight(std::string_view params) {
    int weight = 1000;
    while (!params.empty()) {
        const auto semi = params.find(';');
        const std::string_view param = trim_ows(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        const auto eq = param.find('=');
        if (!iequals(trim_ows(param.substr(0, eq)), "q")) continue;  // no other parameter is defined
        if (eq == std::string_view::npos) return std::nullopt;
        const auto q = parse_qvalue(trim_ows(param.substr(eq + 1)));
        if (!q) return std::nullopt;
        weight = *q;
    }
    return weight;
}

std::string variant_etag(std::string_view etag, std::string_view suffix) {
    std::string out(etag);
    if (out.size() >= 2 && out.back() == '"') out.insert(out.size() - 1, suffix);
    else out += suffix;
    return out;
}

}  // namespace

std::string_view content_coding(Encoding e) {
    switch (e) {
        case Encoding::kGzip: return "gzip";
        case Encoding::kBrotli: return "br";
        case Encoding::kIdentity: break;
    }
    return {};
}

void AcceptEncoding::add(std::string_view value) {
    present_ = true;
    while (items_ < kMaxItems) {
        ++items_;
        const auto comma = value.find(',');
        const std::string_view item = value.substr(0, comma);
        const auto semi = item.find(';');
        const std::string_view coding = trim_ows(item.substr(0, semi));
        int* slot = nullptr;
        if (iequals(coding, "br")) slot = &br_;
        else if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) slot = &gzip_;  // RFC 9110 8.4.1.3
        else if (iequals(coding, "identity")) slot = &identity_;
        else if (coding == "*") slot = &star_;
        // The first mention of a coding counts; a repeat cannot undo a refusal.
        if (slot && *slot < 0) {
            const auto w = item_weight(semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1));
            if (w) *slot = *w;
        }
        if (comma == std::string_view::npos) return;
        value.remove_prefix(comma + 1);
    }
}

// A coding's weight: as named, else as `*`, else not acceptable.
int AcceptEncoding::weight_of(int named) const {
    if (named >= 0) return named;
    return star_ >= 0 ? star_ : 0;
}

Encoding AcceptEncoding::choose(bool br_offered, bool gzip_offered) const {
    if (!present_) return Encoding::kIdentity;
    const int br = br_offered ? weight_of(br_) : 0;
    const int gzip = gzip_offered ? weight_of(gzip_) : 0;
    // Identity is acceptable unless refused, but below any coding the client named.
    const int identity = identity_ >= 0 ? identity_ : star_ >= 0 ? star_ : 1;
    Encoding best = Encoding::kIdentity;
    int best_weight = identity;
    if (gzip > 0 && gzip >= best_weight) {
        best = Encoding::kGzip;
        best_weight = gzip;
    }
    if (br > 0 && br >= best_weight) best = Encoding::kBrotli;
    return best;
}

AcceptEncoding accept_encoding_of(const Request& req) {
    AcceptEncoding accepted;
    for (const auto& [name, value] : req.headers)
        if (name == "accept-encoding") accepted.add(value);
    return accepted;
}

std::optional<std::string> gzip_compress(std::string_view data, int level) {
    if (data.size() > UINT_MAX / 2) return std::nullopt;
    z_stream zs{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

std::optional<std::string> brotli_compress(std::string_view data, int quality) {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    if (size == 0) return std::nullopt;
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                               reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data())))
        return std::nullopt;
    out.resize(size);
    return out;
}

bool worth_compressing(std::string_view content_type, std::size_t size) {
    if (size < kMinCompressBytes) return false;
    std::string_view type = trim_ows(content_type.substr(0, content_type.find(';')));
    auto starts = [&](std::string_view p) { return type.size() >= p.size() && iequals(type.substr(0, p.size()), p); };
    auto ends = [&](std::string_view p) {
        return type.size() >= p.size() && iequals(type.substr(type.size() - p.size()), p);
    };
    return starts("text/") || iequals(type, "application/json") || iequals(type, "application/javascript") ||
           iequals(type, "application/xml") || ends("+json") || ends("+xml") || iequals(type, "image/x-icon") ||
           iequals(type, "image/vnd.microsoft.icon");
}

std::size_t Variants::bytes() const {
    std::size_t n = 0;
    for (const auto* v : {&gzip, &br})
        if (*v) n += (*v)->body.size() + (*v)->etag.size();
    return n;
}

std::shared_ptr<const Variants> make_variants(std::string_view body, std::string_view content_type,
                                              std::string_view etag, Effort effort) {
    if (!worth_compressing(content_type, body.size())) return nullptr;
    const bool once = effort == Effort::kStatic;
    auto v = std::make_shared<Variants>();
    // A variant that is not smaller is not kept: identity serves those clients as well.
    if (auto gz = gzip_compress(body, once ? 9 : 6); gz && gz->size() < body.size())
        v->gzip = Variant{std::move(*gz), variant_etag(etag, "-gz")};
    if (auto br = brotli_compress(body, once ? 11 : 5); br && br->size() < body.size())
        v->br = Variant{std::move(*br), variant_etag(etag, "-br")};
    if (v->empty()) return nullptr;
    return v;
}

ChosenForm choose_form(const Request& req, std::string_view identity, std::string_view identity_etag,
                       const Variants* variants) {
    ChosenForm f{identity, identity_etag, Encoding::kIdentity, false};
    if (!variants || variants->empty()) return f;
    f.negotiated = true;
    switch (accept_encoding_of(req).choose(variants->br.has_value(), variants->gzip.has_value())) {
        case Encoding::kBrotli:
            f = ChosenForm{variants->br->body, variants->br->etag, Encoding::kBrotli, true};
            break;
        case Encoding::kGzip:
            f = ChosenForm{variants->gzip->body, variants->gzip->etag, Encoding::kGzip, true};
            break;
        case Encoding::kIdentity: break;
    }
    return f;
}

void describe_form(Response& r, const ChosenForm& f) {
    r.replace("ETag", std::string(f.etag));
    if (f.encoding != Encoding::kIdentity) r.replace("Content-Encoding", std::string(content_coding(f.encoding)));
    if (f.negotiated) r.add_vary("Accept-Encoding");
}

void answer_with_form(const Request& req, Response& r, std::string_view identity, std::string_view identity_etag,
                      const Variants* variants) {
    const ChosenForm f = choose_form(req, identity, identity_etag, variants);
    describe_form(r, f);
    r.body.assign(f.body);
}

}  // namespace tribune::http
