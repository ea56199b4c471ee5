#pragma once
// The HTTP response as handlers build it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tribune::http {

/// A file a handler opened, closed with the last answer that holds it: once open it is sent
/// whole, even if its name goes meanwhile (the media cache trims while others are served).
class OpenFile {
public:
    explicit OpenFile(int fd) noexcept : fd_(fd) {}
    ~OpenFile();
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    int fd() const noexcept { return fd_; }

private:
    int fd_;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// Instead of `body`: part of a file, sent as the socket takes it (media). HEAD answers its
    /// length without a file (`file` null).
    struct FileSlice {
        std::shared_ptr<const OpenFile> file;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
    };
    std::optional<FileSlice> file;

    /// Adds a header (another of the same name may already be there).
    Response& set(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    /// The first header named `name` (ASCII case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;

    /// Sets `name` to `value`, dropping any earlier header of that name.
    Response& replace(std::string_view name, std::string value);

    /// Adds `token` to Vary unless it is listed already.
    Response& add_vary(std::string_view token);
};

inline constexpr std::string_view kJsonType = "application/json; charset=utf-8";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
inline constexpr std::string_view kProblemType = "application/problem+json";

/// A JSON response with `status` and an already encoded body.
Response json_response(int status, std::string body);

/// An HTML response.
Response html_response(int status, std::string body);

/// 303 See Other to `location` (POST-redirect-GET).
Response see_other(std::string location);
/// 301 to `location`: the resource lives there now (an article's old slug).
Response moved_permanently(std::string location);

/// 204 No Content.
Response no_content();

/// A strong ETag for `body`: a quoted 64-bit hash in hex.
std::string etag_of(std::string_view body);

}  // namespace tribune::http
