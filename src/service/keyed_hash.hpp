#pragma once
// Keyed BLAKE2b as lowercase hex: what address hashes and key fingerprints are made of.

#include <cstddef>
#include <string>
#include <string_view>

namespace tribune::service {

/// BLAKE2b of `text` under `key` (its first 64 bytes), `bytes` long (16..64), as hex.
std::string keyed_hash_hex(std::string_view text, std::string_view key, std::size_t bytes);

}  // namespace tribune::service
