#pragma once
// What a backup records of a store and a restore compares: its summary, its media summary, and
// whether every media item's bytes still hash to its name.

#include <string>
#include <vector>

#include "domain/error.hpp"
#include "portability/backup_manifest.hpp"
#include "store/store.hpp"

namespace tribune::portability {

struct StoreDigest {
    store::StoreSummary summary;
    store::MediaSummary media;
    std::vector<std::string> bad_media;  // items whose bytes do not hash to their name (the first 10)
};

/// Summarises `s` and re-hashes every media item's bytes. Errors: the store's.
domain::Result<StoreDigest> digest_store(store::Store& s);

/// One line per difference between what `m` recorded and `d` (and per bad media item); empty
/// when they agree.
std::vector<std::string> digest_differences(const BackupManifest& m, const StoreDigest& d);

}  // namespace tribune::portability
