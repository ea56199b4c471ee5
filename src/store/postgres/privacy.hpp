#pragma once
// A commenter's data: gathered for export, or erased. Their reports are those whose reporter is
// the given `reporter` (when not empty) or their key's own form, "u:<id>" or "t:<token hash>".

#include <string>

#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class Connection;

/// The account (when the key is one and it still exists), comments with their edits in id order,
/// reports filed in id order, and bans on the account or token in id order. Several statements,
/// outside a transaction: export from a commenter who is not posting meanwhile.
domain::Result<AuthorData> author_data(Connection& db, const domain::AuthorKey& author,
                                       const std::string& reporter);

/// Runs inside the caller's write transaction. Each comment of the author goes through
/// delete_comment (counts kept right), then is scrubbed: text, author name, token hash, IP hash,
/// filter reason and user id cleared, edits removed, so an erased comment has no author key.
/// Their reports go, taking their open ones off open_reports; their account and its sessions go;
/// audit entries on their comments get {"erased":true} as before and after.
domain::Result<EraseSummary> erase_author(Connection& db, const domain::AuthorKey& author,
                                          const std::string& reporter);

}  // namespace tribune::store::postgres
