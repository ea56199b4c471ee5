#pragma once
// The JSON forms of stored records: what the API answers (docs/openapi.yaml, components/schemas)
// and what the audit log keeps as an entry's before and after. Boost.JSON stays in the .cpp
// (records_json_object.hpp gives the http codecs the objects to build on).

#include <optional>
#include <string>
#include <string_view>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/moderation.hpp"
#include "domain/policy.hpp"
#include "store/store.hpp"

namespace tribune::service {

std::string encode_comment(const domain::Comment& c);
/// An article as the API answers it, without body_html and comments: also what each saved
/// version keeps (article_revisions.snapshot).
std::string article_snapshot(const domain::Article& a);
/// A saved version read back: the fields article_snapshot wrote (slug, title, summary, body,
/// authors, section, tags, status, dates, lead media). nullopt for text that is not one.
std::optional<domain::Article> article_from_snapshot(std::string_view snapshot);
std::string encode_ban(const domain::Ban& b);
std::string encode_user(const domain::User& u);  // never the password hash
std::string encode_install_policy(const domain::InstallPolicy& p);
std::string encode_thread_policy(const domain::ThreadPolicy& p);
std::string encode_erase_summary(const store::EraseSummary& e);
/// The privacy export: account, comments with history, reports filed, bans; `at` is the export time.
std::string encode_author_data(const store::AuthorData& d, domain::Time at);

/// A live event's JSON after its id: `"type":"comment.created","comment":{...}}` (the hub puts
/// `{"id":N,` in front, so each delivery is one copy of shared bytes).
std::string comment_event_tail(std::string_view type, const domain::Comment& c);
std::string deleted_event_tail(domain::CommentId id);

}  // namespace tribune::service
