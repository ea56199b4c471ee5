#pragma once
// The public names of subscriptions, "c<id>-<tag>": an SSE client names its connection when it
// types or proves an author token over a plain POST, and the tag keeps one reader from doing
// either in another reader's name. The tag is a MAC of the id (keyed BLAKE2b, 128 bits), so
// knowing any number of names tells nothing about another's.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "live/subscriber.hpp"

namespace tribune::live {

/// Immutable after construction: thread-safe.
class ConnectionNames {
public:
    using Key = std::array<unsigned char, 32>;

    /// Names under a random key made now (names do not outlive the process).
    ConnectionNames();
    /// Names under `key` (tests).
    explicit ConnectionNames(const Key& key);

    /// "c<id>-<tag>".
    std::string name(SubscriptionId id) const;

    /// The id a genuine name carries; nullopt for anything name() did not make.
    std::optional<SubscriptionId> id_of(std::string_view name) const;

private:
    Key key_{};
};

}  // namespace tribune::live
