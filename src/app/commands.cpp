#include "app/commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/migrate_store.hpp"
#include "app/store_access.hpp"
#include "domain/comment.hpp"
#include "domain/comment_text.hpp"
#include "http/json_codec.hpp"
#include "http/moderation_codec.hpp"
#include "service/password.hpp"
#include "store/open_store.hpp"

namespace tribune::app {

int migrate(const Config& config) {
    auto store = open_configured_store(config);
    if (!store) return 1;
    std::cout << "schema is up to date: " << database_url(config) << "\n";
    return 0;
}

int check(const Config& config) {
    constexpr int kMaxProblems = 100;
    auto problems = store::check_store(database_url(config), kMaxProblems);
    if (!problems) {
        std::cerr << problems.error().title << ": " << problems.error().message << "\n";
        const auto code = problems.error().code;
        return code == domain::ErrorCode::kInvalid || code == domain::ErrorCode::kNotFound ? 2 : 1;
    }
    if (problems->empty()) {
        std::cout << "ok: the database passed SQLite's integrity check\n";
        return 0;
    }
    for (const auto& p : *problems) std::cout << "problem: " << p << "\n";
    std::cout << "damaged: " << problems->size() << (problems->size() >= kMaxProblems ? " or more" : "")
              << " problems; restore a backup\n";
    return 1;
}

int migrate_store(const std::string& from, const std::string& to, bool force) {
    MigrateStoreOptions options;
    options.from = from;
    options.to = to;
    options.force = force;
    return migrate_store(options, std::cout, std::cerr);
}

namespace {

void audit_cli(store::Store& store, std::string action, std::string target, std::string before, std::string after) {
    domain::AuditEntry e;
    e.at = domain::SystemClock().now();
    e.actor = "cli";
    e.action = std::move(action);
    e.target = std::move(target);
    e.before = std::move(before);
    e.after = std::move(after);
    if (auto ok = store.append_audit(e); !ok)
        std::cerr << "warning: the audit log did not take the entry: " << ok.error().message << "\n";
}

}  // namespace

int add_user(const Config& config, const std::string& email_in, const std::string& name, const std::string& role_name,
             std::istream& password_in) {
    const auto role = domain::parse_role(role_name);
    if (!role) {
        std::cerr << "role must be reader, moderator or admin\n";
        return 2;
    }
    std::string email = email_in;
    for (auto& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto at = email.find('@');
    if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
        email.find_first_of(" \t\r\n<>\"") != std::string::npos) {
        std::cerr << "email must be an email address\n";
        return 2;
    }
    domain::Limits limits;
    auto clean_name = domain::validate_author_name(name, limits);
    if (!clean_name || name.empty()) {
        std::cerr << "name must be 1..64 characters without control characters\n";
        return 2;
    }
    std::string password;
    std::getline(password_in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.size() < service::kMinPasswordBytes || password.size() > service::kMaxPasswordBytes) {
        std::cerr << "the password (one line on stdin) must be 10..1024 bytes\n";
        return 2;
    }
    auto hash = service::hash_password(password);
    if (!hash) {
        std::cerr << "could not hash the password (out of memory?)\n";
        return 1;
    }
    auto store = open_configured_store(config);
    if (!store) return 1;
    auto user = (*store)->insert_user(domain::NewUser{email, *clean_name, *role, *hash, domain::SystemClock().now()});
    if (!user) {
        std::cerr << user.error().title << ": " << user.error().message << "\n";
        return user.error().code == domain::ErrorCode::kConflict ? 2 : 1;
    }
    audit_cli(**store, "user.create", "user:" + std::to_string(user->id), "{}", http::encode_user(*user));
    std::cout << "user " << user->id << " <" << user->email << "> is a " << domain::to_string(user->role) << "\n";
    return 0;
}

int moderate_comment(const Config& config, const std::string& action, const std::string& id_text) {
    const auto id = http::parse_id(id_text);
    if (!id) {
        std::cerr << "no such comment: " << id_text << "\n";
        return 2;
    }
    domain::CommentStatus to = domain::CommentStatus::kApproved;
    if (action == "reject") to = domain::CommentStatus::kRejected;
    else if (action == "spam") to = domain::CommentStatus::kSpam;
    auto store = open_configured_store(config);
    if (!store) return 1;
    auto found = (*store)->get_comment(*id);
    if (!found) {
        std::cerr << found.error().title << ": " << found.error().message << "\n";
        return found.error().code == domain::ErrorCode::kNotFound ? 2 : 1;
    }
    if (found->status == domain::CommentStatus::kDeleted) {
        std::cerr << "comment " << id_text << " is deleted\n";
        return 2;
    }
    auto moved = (*store)->set_status(*id, to, std::nullopt);
    if (!moved) {
        std::cerr << moved.error().title << ": " << moved.error().message << "\n";
        return 1;
    }
    if (moved->open_reports > 0) {
        if (auto resolved = (*store)->resolve_reports(*id)) moved = std::move(*resolved);
    }
    audit_cli(**store, "comment." + action, "comment:" + id_text, http::encode_comment(*found),
              http::encode_comment(*moved));
    std::cout << "comment " << id_text << " is now " << domain::to_string(moved->status) << "\n";
    return 0;
}

}  // namespace tribune::app
