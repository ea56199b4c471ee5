// The request path: the input is what a client writes on a keep-alive connection, up to
// kMaxRequests requests in a row. Each is read by Beast's parser with the server's limits and
// turned into an http::Request the way http_session.cpp does, then answered by the real
// dispatcher, router and handlers (request_site.hpp). Findings besides sanitizer reports: a 500
// (a handler threw or failed), a header that could split the response, a Location leaving the
// site, a JSON body that is not JSON.

#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "check.hpp"
#include "http/live_endpoint.hpp"
#include "http/router.hpp"
#include "request_site.hpp"

namespace bhttp = boost::beast::http;
using namespace tribune;

namespace {

constexpr int kMaxRequests = 4;
constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;  // ServerOptions' defaults
constexpr std::uint64_t kMaxBodyBytes = 128 * 1024;

// http_session.cpp's mapping from Beast's verb.
http::Method to_method(bhttp::verb v) {
    switch (v) {
        case bhttp::verb::get: return http::Method::kGet;
        case bhttp::verb::head: return http::Method::kHead;
        case bhttp::verb::post: return http::Method::kPost;
        case bhttp::verb::put: return http::Method::kPut;
        case bhttp::verb::patch: return http::Method::kPatch;
        case bhttp::verb::delete_: return http::Method::kDelete;
        case bhttp::verb::options: return http::Method::kOptions;
        default: return http::Method::kOther;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string describe(const http::Request& req, const http::Response& res) {
    return std::string(http::method_name(req.method)) + " " + req.target + "\n" + req.body + "\n-- status " +
           std::to_string(res.status) + "\n" + res.body.substr(0, 2000);
}

void check_response(const http::Request& req, const http::Response& res) {
    fuzz::check(res.status >= 100 && res.status <= 599, "status out of range", describe(req, res));
    fuzz::check(res.status != 500, "internal server error", describe(req, res));
    for (const auto& [name, value] : res.headers) {
        fuzz::check(!name.empty() && std::all_of(name.begin(), name.end(), is_token_char), "bad header name",
                    describe(req, res) + "\n-- header " + name);
        fuzz::check(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                    "header value could split the response", describe(req, res) + "\n-- header " + name + ": " + value);
        if (lower(name) == "location")
            fuzz::check(value.starts_with("/") && !value.starts_with("//") && !value.starts_with("/\\"),
                        "redirect leaves the site", describe(req, res) + "\n-- location " + value);
        if (lower(name) == "content-type" && value.find("json") != std::string::npos && !res.body.empty()) {
            boost::system::error_code ec;
            (void)boost::json::parse(res.body, ec);
            fuzz::check(!ec, "JSON response is not JSON (or not UTF-8)", describe(req, res));
        }
    }
}

// http_session.cpp's framing_problem(): requests a proxy could frame differently are refused.
bool framing_problem(const bhttp::request<bhttp::string_body>& msg) {
    const bool te = msg.find(bhttp::field::transfer_encoding) != msg.end();
    if (te && (!msg.chunked() || msg.find(bhttp::field::content_length) != msg.end())) return true;
    const auto hosts = msg.count(bhttp::field::host);
    return hosts > 1 || (hosts == 0 && msg.version() >= 11);
}

// Parses one request from the front of `bytes` as the server would; consumes it. False when the
// server would not dispatch it (incomplete, malformed, too large, or not a path).
bool next_request(std::string_view& bytes, http::Request& req, bool& keep_alive) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    parser.eager(true);
    while (!parser.is_done()) {
        boost::beast::error_code ec;
        const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        bytes.remove_prefix(used);
        if (ec || used == 0) return false;
    }
    auto& msg = parser.get();
    if (framing_problem(msg)) return false;
    req.method = to_method(msg.method());
    req.target = std::string(msg.target());
    if (!http::parse_target(req.target, req.path, req.query)) return false;
    for (const auto& field : msg) req.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    req.body = std::move(msg.body());
    req.remote_address = "198.51.100.7";
    keep_alive = msg.keep_alive();
    // The live stream is taken over before the dispatcher (live_endpoint.cpp), not routed.
    return !(req.method == http::Method::kGet && req.path == http::kLivePath);
}

// TRIBUNE_FUZZ_TRACE=1: one line per request and status, to see what seeds reach.
void trace(const http::Request& req, const http::Response& res) {
    static const bool on = std::getenv("TRIBUNE_FUZZ_TRACE") != nullptr;
    if (on)
        std::fprintf(stderr, "%d %s %s %.120s\n", res.status, std::string(http::method_name(req.method)).c_str(),
                     req.target.c_str(), res.status >= 400 ? res.body.c_str() : "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::RequestSite& site = fuzz::RequestSite::instance();
    site.next_input();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    for (int i = 0; i < kMaxRequests && !bytes.empty(); ++i) {
        http::Request req;
        bool keep_alive = false;
        if (!next_request(bytes, req, keep_alive)) break;
        req.request_id = std::to_string(i + 1);
        const http::Request sent = req;  // the handler may change its copy (path_params)
        const http::Response res = site.answer(std::move(req));
        trace(sent, res);
        check_response(sent, res);
        if (!keep_alive) break;
    }
    return 0;
}
