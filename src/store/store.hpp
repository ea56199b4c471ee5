#pragma once
// The Store: everything Tribune keeps, as the sum of its roles. Implemented by SqliteStore
// (embedded default) and, for scale-out, PgStore. Every call blocks: call it from the worker pool,
// never an I/O thread. Code that needs one role only may take that role's interface.

#include "store/account_store.hpp"
#include "store/article_store.hpp"
#include "store/comment_store.hpp"
#include "store/identity_store.hpp"
#include "store/import_store.hpp"
#include "store/media_store.hpp"
#include "store/moderation_store.hpp"
#include "store/notice_store.hpp"
#include "store/notification_store.hpp"
#include "store/outbox_store.hpp"
#include "store/policy_store.hpp"
#include "store/privacy_store.hpp"
#include "store/transfer_store.hpp"

namespace tribune::store {

/// Every role at once: what the server, the commands and the contract tests hold. CommentStore
/// comes first, so the hot calls (posting, listing) need no pointer adjustment.
class Store : public CommentStore,
              public ModerationStore,
              public AccountStore,
              public PolicyStore,
              public PrivacyStore,
              public ArticleStore,
              public TransferStore,
              public MediaStore,
              public ImportStore,
              public NoticeStore,
              public OutboxStore,
              public NotificationStore,
              public IdentityStore {
public:
    ~Store() override = default;
};

}  // namespace tribune::store
