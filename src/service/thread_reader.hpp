#pragma once
// Assembles what a reader sees of a thread: a page of top-level comments with their first
// replies and the cursors to go on. Shared by the JSON API and the HTML pages.

#include <string>

#include "domain/error.hpp"
#include "domain/limits.hpp"
#include "domain/thread.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// A page of top-level comments of `page` for `q.viewer`, each with its first replies.
domain::Result<domain::ThreadPage> read_thread(store::Store& store, const std::string& page,
                                               const store::ListQuery& q, const domain::Limits& limits);

/// A page of replies of `parent` (already checked visible to q.viewer).
domain::Result<domain::ReplyPage> read_replies(store::Store& store, const domain::Comment& parent,
                                               const store::ListQuery& q);

}  // namespace tribune::service
