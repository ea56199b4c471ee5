#pragma once
// libcurl's process-wide setup, done once before the first handle (curl_global_init is not
// thread-safe on every build, so no handle may race it), and owning wrappers of its handles.
// Internal to the outbound module: nothing outside it sees libcurl.

#include <curl/curl.h>

#include <atomic>
#include <memory>

namespace tribune::outbound {

/// Initialises libcurl once per process; later calls return at once. Throws std::runtime_error
/// when libcurl cannot be initialised.
void ensure_curl_ready();

struct CurlEasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

/// Appends `item` to `list`; false when out of memory (the list stays as it was).
bool append_curl_list(CurlList& list, const char* item);

/// Makes the transfer on `handle` end (CURLE_ABORTED_BY_CALLBACK) soon after `*cancel` turns
/// true: a node stopping does not wait out a slow endpoint or relay. Nothing when null.
void abort_transfer_when(CURL* handle, const std::atomic<bool>* cancel);

}  // namespace tribune::outbound
