#pragma once
// The key of address hashes (bans, rate limits and reports count clients by a keyed hash of their
// network, never by the address). It is kept outside the store, so a stolen database or backup
// alone cannot be matched back to addresses by hashing every address there is.

#include <string>

#include "app/config.hpp"
#include "domain/error.hpp"
#include "store/store.hpp"

namespace tribune::app {

/// The key at least this long (characters), set or made.
inline constexpr std::size_t kMinIpHashKeyChars = 32;

/// The key: the `ip_hash_key` setting (TRIBUNE_IP_HASH_KEY) when set; else <data_dir>/ip-hash.key,
/// made (0600) at the first start. A store written by an earlier version still holds the key:
/// it moves to the file and is blanked in the store, so existing bans keep matching. Several
/// nodes must share one key: set it on each.
domain::Result<std::string> ip_hash_key(const Config& config, store::Store& db);

}  // namespace tribune::app
