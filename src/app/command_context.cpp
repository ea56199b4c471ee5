#include "app/command_context.hpp"

#include <iostream>

#include "app/service_rules.hpp"
#include "app/store_access.hpp"

namespace tribune::app {

CommandContext::CommandContext(std::unique_ptr<store::Store> s, const Config& config)
    : store(std::move(s)),
      rules(service_rules(config)),
      guards(rate_rules(config)),
      sink(*store, clock),
      ctx{*store, clock, rules, guards, sink} {}

std::optional<CommandContext> open_context(const Config& config) {
    auto store = open_configured_store(config);
    if (!store) return std::nullopt;
    return std::optional<CommandContext>(std::in_place, std::move(*store), config);
}

int report(const domain::Error& e) {
    std::cerr << e.title << ": " << e.message << "\n";
    for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    const auto code = e.code;
    return code == domain::ErrorCode::kInvalid || code == domain::ErrorCode::kNotFound ||
                   code == domain::ErrorCode::kConflict || code == domain::ErrorCode::kMalformed
               ? 2
               : 1;
}

void warn_if_unannounced(const CommandContext& c) {
    if (c.sink.failure)
        std::cerr << "warning: the running servers were not told (" << c.sink.failure->message
                  << "); they show the change once their cached pages expire\n";
}

}  // namespace tribune::app
