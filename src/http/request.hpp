#pragma once
// The HTTP request as handlers see it: no Beast types, so handlers stay light to compile.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tribune::http {

struct Identity;

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

/// Decoded query parameters in their order; a name may repeat (`page=A&page=B`).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Request {
    Method method = Method::kGet;
    std::string target;  // as sent: path and query
    std::string path;    // percent-decoded path
    QueryParams query;
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
    std::string body;
    std::string remote_address;
    std::string request_id;
    std::vector<std::string> path_params;  // filled by the router: the {...} segments in order
    /// Set by the server when the route's header check (a large body) admitted the caller
    /// before the body was read: the route runs for this caller without a second check.
    std::shared_ptr<const Identity> admitted;

    /// First header with this lower-case name.
    std::optional<std::string_view> header(std::string_view lower_name) const;
    /// First query parameter with this name.
    std::optional<std::string_view> query_param(std::string_view name) const;
    /// Every value of a repeated query parameter.
    std::vector<std::string_view> query_params(std::string_view name) const;
    /// A cookie's value from the Cookie header(s).
    std::optional<std::string> cookie(std::string_view name) const;
};

/// Splits a request target into a decoded path and query parameters. False when the target is
/// not a path ("*", absolute-form), has broken percent-escapes, or decodes to something that is
/// not UTF-8.
bool parse_target(std::string_view target, std::string& path, QueryParams& query);

/// Decodes percent-escapes (and '+' as space when `plus_is_space`); nullopt on a broken escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

/// Parses application/x-www-form-urlencoded data (same rules as a query string): nullopt on a
/// broken escape or a name or value that is not UTF-8.
std::optional<QueryParams> parse_form(std::string_view body);

}  // namespace tribune::http
