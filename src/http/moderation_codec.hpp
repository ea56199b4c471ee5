#pragma once
// JSON for the desk's API: queue items, bans, reports, audit entries, accounts, policies,
// privacy exports, and the request bodies they take. Boost.JSON stays in the .cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/moderation.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "service/webhooks.hpp"
#include "service/records_json.hpp"
#include "store/store.hpp"

namespace tribune::http {

using service::encode_author_data;
using service::encode_ban;
using service::encode_erase_summary;
using service::encode_install_policy;
using service::encode_thread_policy;
using service::encode_user;

std::string encode_bans(const std::vector<domain::Ban>& bans);
std::string encode_users(const std::vector<domain::User>& users);
/// Whether a thread takes comments now: {"page","closed","closed_reason","moderation"}, plus
/// "overrides" (the thread's stored policy) when given.
std::string encode_thread_state(const std::string& page, const service::EffectivePolicy& e,
                                const domain::ThreadPolicy* overrides);
std::string encode_queue(const service::QueueView& v);
std::string encode_queue_item(const service::QueueItem& item);
std::string encode_audit(const std::vector<domain::AuditEntry>& entries);
std::string encode_bulk(const service::BulkOutcome& b);
std::string encode_report_outcome(const store::ReportOutcome& r);
/// The answer to a login: {"user":{...},"csrf_token":"..."} (docs/openapi.yaml, SessionAnswer).
std::string encode_login(const domain::User& u, std::string_view csrf_token);

struct LoginBody {
    std::string email;
    std::string password;
};
domain::Result<LoginBody> decode_login(std::string_view body);

struct BulkBody {
    std::vector<domain::CommentId> ids;
    std::string action;
};
domain::Result<BulkBody> decode_bulk(std::string_view body);

/// A webhook endpoint to add or change: {"url","events":[...],"secret","enabled"}, each optional
/// here (the use case says which are required).
domain::Result<service::WebhookInput> decode_webhook_input(std::string_view body);

struct BanBody {
    std::optional<int> days;  // null or missing: for good
    std::string reason;
};
domain::Result<BanBody> decode_ban(std::string_view body);

/// {"reason": "..."}
domain::Result<std::string> decode_report(std::string_view body);

/// A privacy erasure's body, {"email": "..."}: the email, or nullopt when it names none.
domain::Result<std::optional<std::string>> decode_privacy_body(std::string_view body);

/// Fields present replace those of `base`.
domain::Result<domain::InstallPolicy> decode_install_policy(std::string_view body, domain::InstallPolicy base);
domain::Result<domain::ThreadPolicy> decode_thread_policy(std::string_view body);

struct NewUserBody {
    std::string email;
    std::string name;
    domain::Role role = domain::Role::kReader;
    std::string password;
};
domain::Result<NewUserBody> decode_new_user(std::string_view body);

struct UserUpdateBody {
    std::optional<domain::Role> role;
    std::optional<bool> disabled;
};
domain::Result<UserUpdateBody> decode_user_update(std::string_view body);

}  // namespace tribune::http
