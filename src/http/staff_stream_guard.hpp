#pragma once
// Ends staff visibility on live streams whose access has ended. A stream is told who its viewer
// is when it opens; a logout, a disabled or demoted account or an erasure on any node must not
// leave it seeing pending comments, so this node checks its open staff streams against the
// shared store every `interval` and downgrades those whose session or account no longer holds.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/services.hpp"
#include "live/hub.hpp"

namespace tribune::http {

class StaffStreamGuard {
public:
    StaffStreamGuard(Services& s, live::Hub& hub, std::chrono::milliseconds interval = std::chrono::seconds(2));
    ~StaffStreamGuard();

    StaffStreamGuard(const StaffStreamGuard&) = delete;
    StaffStreamGuard& operator=(const StaffStreamGuard&) = delete;

    /// One pass now (the loop calls it; tests may too). A store that cannot be reached leaves
    /// streams as they are until the next pass.
    void check();

private:
    void run();

    Services& s_;
    live::Hub& hub_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tribune::http
