#pragma once
// A commenter's data: the privacy export and erasure. Semantics as documented in
// store/store.hpp; reports are theirs when filed as `reporter` or as reporter_of(author).

#include <string>

#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::sqlite {

class Connection;

/// One read transaction on a read-only connection. Errors: kInvalid for an empty key.
domain::Result<AuthorData> author_data(Connection& db, const domain::AuthorKey& author,
                                       const std::string& reporter);

/// Runs on the writer thread, as one job of a group-commit batch, so it is all or nothing.
/// Besides what store.hpp lists, the tombstones lose their account id (so erased comments have
/// no AuthorKey), and removing an open report takes it off the reported comment's open_reports.
/// Errors: kInvalid for an empty key.
domain::Result<EraseSummary> erase_author(Connection& db, const domain::AuthorKey& author,
                                          const std::string& reporter);

}  // namespace tribune::store::sqlite
