#pragma once
// Turns committed comment changes into live events (API.md, Live events).

#include "domain/comment.hpp"
#include "http/services.hpp"
#include "live/hub.hpp"
#include "store/store.hpp"

namespace tribune::http {

/// Publishes `what` happened to `c` on its page, with the page's new approved count. Readers who
/// may see the comment get comment.created/updated; when it was rejected or marked spam, the
/// others get comment.deleted so it leaves their screens. Runs on the worker that wrote.
void notify_live(live::Hub& hub, store::Store& store, CommentChange what, const domain::Comment& c);

}  // namespace tribune::http
