#pragma once
// The site the request fuzzer talks to, assembled as `tribune serve` assembles it (app/serve.cpp):
// every route group on the real Router, the real Dispatcher with the same hooks, a SQLite store
// in a temp dir holding the demo publication. Known credentials let inputs reach what staff and
// authors see: the admin token, an admin's and a moderator's session (one CSRF token for both),
// an author token with a pending comment (id 46) and an approved one (id 47). The store is replaced by a fresh copy every kInputsPerStore inputs,
// so that hours of fuzzing do not grow it without bound.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::fuzz {

inline constexpr std::string_view kSiteUrl = "http://127.0.0.1:8080";
inline constexpr std::string_view kAdminToken = "fuzz-admin-token";
inline constexpr std::string_view kModeratorSession = "ZnV6ei1zZXNzaW9uLXRva2VuLWZvci1kZXNrLTAwMDE";
inline constexpr std::string_view kAdminSession = "ZnV6ei1zZXNzaW9uLXRva2VuLWZvci1hZG1pbi0wMDE";
inline constexpr std::string_view kCsrfToken = "fuzz-csrf-token";
inline constexpr std::string_view kAuthorToken = "ZnV6ei1hdXRob3ItdG9rZW4tZm9yLXJlYWRlci0wMDE";
inline constexpr std::size_t kInputsPerStore = 2000;

class RequestSite {
public:
    /// The process's site, made on first use (seeding takes a moment).
    static RequestSite& instance();

    /// Answers `req` through the dispatcher, waiting for the worker; call once per request.
    http::Response answer(http::Request req);

    /// Counts one fuzzer input; every kInputsPerStore, starts over from the seeded store.
    void next_input();

    ~RequestSite();

private:
    RequestSite();
    struct Live;
    std::string dir_;       // the temp dir: the seeded template and the live copy
    std::size_t inputs_ = 0;
    std::unique_ptr<Live> live_;
};

}  // namespace tribune::fuzz
