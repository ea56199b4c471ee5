#pragma once
// The privacy role of the Store: a commenter's data, exported or erased. Every call blocks.

#include <string>

#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/privacy_types.hpp"

namespace tribune::store {

using domain::Result;

class PrivacyStore {
public:
    virtual ~PrivacyStore() = default;

    /// Everything stored about one commenter, each comment with the email kept with it. Reports
    /// filed count when their reporter is `reporter` or the key's own form ("u:<id>" / "t:<token
    /// hash>"; an email key has none, and no bans).
    virtual Result<AuthorData> author_data(const domain::AuthorKey& author, const std::string& reporter) = 0;

    /// Erases one commenter in one transaction: each of their comments becomes a deleted
    /// tombstone (text, name, account id, token hash, kept email and IP hash cleared; edit history removed;
    /// open reports on them dropped; counts kept
    /// right), reports they filed are removed, their account and sessions are removed, the mail
    /// kept under their addresses (AuthorData::mail: address state, thread unsubscribes, every
    /// mail message to them) is removed, and the
    /// text of their comments is scrubbed from audit before/after states (entries whose target is
    /// one of their comments get "{\"erased\":true}"). Bans stay (by hash only).
    virtual Result<EraseSummary> erase_author(const domain::AuthorKey& author, const std::string& reporter) = 0;
};

}  // namespace tribune::store
