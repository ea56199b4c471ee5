#include "app/commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/command_context.hpp"
#include "app/migrate_store.hpp"
#include "app/store_access.hpp"
#include "app/service_rules.hpp"
#include "domain/comment.hpp"
#include "domain/decimal.hpp"
#include "service/accounts.hpp"
#include "service/moderation.hpp"
#include "service/outside_changes.hpp"
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


int add_user(const Config& config, const std::string& email, const std::string& name, const std::string& role_name,
             std::istream& password_in) {
    const auto role = domain::parse_role(role_name);
    if (!role) {
        std::cerr << "role must be reader, moderator or admin\n";
        return 2;
    }
    std::string password;
    std::getline(password_in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto c = open_context(config);
    if (!c) return 1;
    auto user = service::create_user(c->ctx, email, name, *role, password, service::Actor::command_line_operator());
    if (!user) return report(user.error());
    std::cout << "user " << user->id << " <" << user->email << "> is a " << domain::to_string(user->role) << "\n";
    return 0;
}

int moderate_comment(const Config& config, const std::string& action, const std::string& id_text) {
    const auto id = domain::parse_positive(id_text);
    if (!id) {
        std::cerr << "no such comment: " << id_text << "\n";
        return 2;
    }
    auto c = open_context(config);
    if (!c) return 1;
    auto moved = service::moderate_comment(c->ctx, *id, action, service::Actor::command_line_operator());
    if (!moved) return report(moved.error());
    warn_if_unannounced(*c);
    std::cout << "comment " << id_text << " is now " << domain::to_string(moved->status) << "\n";
    return 0;
}

}  // namespace tribune::app
