#pragma once
// What a command-line subcommand works with: the configured store, the same rules and
// safeguards as the server, and a sink that leaves notices for the running nodes
// (service/outside_changes.hpp), plus the exit-code conventions every command follows.

#include <memory>
#include <optional>

#include "app/config.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "service/context.hpp"
#include "service/outside_changes.hpp"
#include "store/store.hpp"

namespace tribune::app {

struct CommandContext {
    std::unique_ptr<store::Store> store;
    domain::SystemClock clock;
    service::Rules rules;
    service::Safeguards guards;
    service::NoticeSink sink;
    service::Context ctx;

    CommandContext(std::unique_ptr<store::Store> s, const Config& config);
};

/// The configured store, opened (and migrated) for a command; nullopt after printing why not.
std::optional<CommandContext> open_context(const Config& config);

/// Prints `e` on stderr and returns the exit code: 2 for what the operator asked wrongly
/// (invalid, unknown, conflicting, malformed), 1 for what failed.
int report(const domain::Error& e);

/// Warns on stderr when the running nodes could not be told of the command's change.
void warn_if_unannounced(const CommandContext& c);

}  // namespace tribune::app
