#pragma once
// JSON in and out of the API. The only translation unit that includes Boost.JSON.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"
#include "domain/thread.hpp"
#include "service/notifications.hpp"
#include "service/records_json.hpp"

namespace tribune::http {

using service::comment_event_tail;
using service::deleted_event_tail;
using service::encode_comment;

/// The list response: {"page","total","comments","next_cursor"}.
std::string encode_thread_page(const domain::ThreadPage& page);
/// {"parent_id","comments","next_cursor"}.
std::string encode_reply_page(const domain::ReplyPage& page);
/// {"comment":COMMENT,"author_token":"..."}.
std::string encode_created(const domain::Comment& c, std::string_view author_token);
/// {"counts":{"A":1,...}}.
std::string encode_counts(const std::vector<std::string>& pages, const std::vector<std::int64_t>& counts);
/// {"id","edits":[{"text","replaced_at","edited_by"}]}.
std::string encode_history(domain::CommentId id, const std::vector<domain::CommentEdit>& edits);
/// A problem document.
std::string encode_problem(const domain::Error& e, int status);
/// {"status":"ok"}-style flat objects of strings.
std::string encode_object(const std::vector<std::pair<std::string, std::string>>& fields);

/// POST /comments body: the draft, and the mail its author asked for (author_email,
/// notify_replies, notify_approval: service::read_mail_request). kMalformed for bad JSON or a
/// non-object; kInvalid for wrong field types, a bad address, or notify without one.
struct NewCommentBody : domain::CommentDraft {
    service::MailRequest mail;
};
domain::Result<NewCommentBody> decode_new_comment(std::string_view body);
/// A staff member's mail choice: {"mode":"off|immediate|digest","digest_minutes":N}.
std::string encode_mail_choice(const service::StaffMailChoice& c);
/// PUT /me/notifications body: `mode` required; `digest_minutes` optional (60). kMalformed for
/// bad JSON; kInvalid for wrong types (the use case checks the values).
domain::Result<service::StaffMailChoice> decode_mail_choice(std::string_view body);
/// PATCH /comments/{id} body: the new text.
domain::Result<std::string> decode_edit(std::string_view body);
/// POST /comments/{id}/moderation body: the action ("approve", "reject", "spam"...) and,
/// optionally, the comment's `version` the moderator saw.
struct ModerationRequest {
    std::string action;
    std::optional<std::string> version;
};
domain::Result<ModerationRequest> decode_moderation(std::string_view body);

/// A frame a live client sent: {"type":"typing"} or {"type":"auth","author_token":"..."}.
struct ClientMessage {
    enum class Kind { kTyping, kAuth, kInvalid } kind = Kind::kInvalid;
    std::string author_token;
    std::string error;  // why it is invalid
};
ClientMessage decode_client_message(std::string_view text);

/// {"type":"error","message":"..."}.
std::string live_error_frame(std::string_view message);

/// The public form of a comment id.
std::string format_id(domain::CommentId id);
/// Parses a public id; nullopt for anything format_id would not produce.
std::optional<domain::CommentId> parse_id(std::string_view text);

}  // namespace tribune::http
