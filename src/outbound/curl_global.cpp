#include "outbound/curl_global.hpp"

#include <mutex>
#include <stdexcept>

namespace tribune::outbound {

void ensure_curl_ready() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK) throw std::runtime_error("libcurl could not be initialised");
}

bool append_curl_list(CurlList& list, const char* item) {
    curl_slist* longer = curl_slist_append(list.get(), item);
    if (longer == nullptr) return false;
    list.release();
    list.reset(longer);
    return true;
}

namespace {

int transfer_progress(void* cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const std::atomic<bool>*>(cancel)->load() ? 1 : 0;
}

}  // namespace

void abort_transfer_when(CURL* handle, const std::atomic<bool>* cancel) {
    if (cancel == nullptr) return;
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, transfer_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(cancel));
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

}  // namespace tribune::outbound
