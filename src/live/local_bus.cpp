#include "live/local_bus.hpp"

#include "live/hub.hpp"

namespace tribune::live {

void LocalBus::publish(const std::string& page, CommentEvent event) { hub_.publish(page, event); }

}  // namespace tribune::live
