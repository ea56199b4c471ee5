#pragma once
// The policy role of the Store: thread policies, install-wide settings, and when a thread began.
// Every call blocks.

#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "domain/time.hpp"

namespace tribune::store {

using domain::Result;

class PolicyStore {
public:
    virtual ~PolicyStore() = default;

    /// The thread's policy overrides, or nullopt when it has none.
    virtual Result<std::optional<domain::ThreadPolicy>> get_thread_policy(std::string_view page) = 0;

    /// Stores (replaces) a thread's overrides.
    virtual Result<void> put_thread_policy(const domain::ThreadPolicy& p) = 0;

    /// When the thread's first comment was posted, or nullopt for a thread without comments.
    virtual Result<std::optional<domain::Time>> first_comment_at(std::string_view page) = 0;

    /// An install-wide setting, or nullopt.
    virtual Result<std::optional<std::string>> get_setting(std::string_view key) = 0;

    virtual Result<void> put_setting(std::string_view key, std::string_view value) = 0;
};

}  // namespace tribune::store
