#include "http/staff_stream_guard.hpp"

#include <spdlog/spdlog.h>

#include <optional>

namespace tribune::http {
namespace {

// What a stream's viewer should be now, or nullopt to leave it (unchanged, or the store did not
// answer). A viewer that lost its access keeps only its author token.
std::optional<domain::Viewer> current_viewer(Services& s, const live::Hub::StaffStream& stream) {
    if (!stream.viewer.user_id) return std::nullopt;  // the admin token: ends with the process
    domain::Viewer reader;
    reader.author_token_hash = stream.viewer.author_token_hash;
    if (!stream.credential.empty()) {
        auto session = s.store.get_session(stream.credential, s.clock.now());
        if (!session) return session.error().code == domain::ErrorCode::kNotFound ? std::optional(reader) : std::nullopt;
    }
    auto user = s.store.get_user(*stream.viewer.user_id);
    if (!user) return user.error().code == domain::ErrorCode::kNotFound ? std::optional(reader) : std::nullopt;
    if (user->disabled) return reader;
    if (user->role == stream.viewer.role) return std::nullopt;
    domain::Viewer demoted = stream.viewer;
    demoted.role = user->role;
    return demoted;
}

}  // namespace

StaffStreamGuard::StaffStreamGuard(Services& s, live::Hub& hub, std::chrono::milliseconds interval)
    : s_(s), hub_(hub), interval_(interval), thread_([this] { run(); }) {}

StaffStreamGuard::~StaffStreamGuard() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void StaffStreamGuard::check() {
    for (const auto& stream : hub_.staff_streams()) {
        if (auto now = current_viewer(s_, stream)) {
            spdlog::info("live_staff_revoked subscription={} user={}", stream.id, *stream.viewer.user_id);
            hub_.set_viewer(stream.id, std::move(*now));
        }
    }
}

void StaffStreamGuard::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        try {
            check();
        } catch (const std::exception& e) {
            spdlog::error("live_staff_check_failed error=\"{}\"", e.what());
        }
        lock.lock();
    }
}

}  // namespace tribune::http
