#include "app/commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/migrate_store.hpp"
#include "app/store_access.hpp"
#include "domain/comment.hpp"
#include "http/json_codec.hpp"

namespace tribune::app {

int migrate(const Config& config) {
    auto store = open_configured_store(config);
    if (!store) return 1;
    std::cout << "schema is up to date: " << database_url(config) << "\n";
    return 0;
}

int migrate_store(const std::string& from, const std::string& to, bool force) {
    MigrateStoreOptions options;
    options.from = from;
    options.to = to;
    options.force = force;
    return migrate_store(options, std::cout, std::cerr);
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
    auto moved = (*store)->set_status(*id, to);
    if (!moved) {
        std::cerr << moved.error().title << ": " << moved.error().message << "\n";
        return 1;
    }
    std::cout << "comment " << id_text << " is now " << domain::to_string(moved->status) << "\n";
    return 0;
}

}  // namespace tribune::app
