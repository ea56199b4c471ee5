#include "store/notification_types.hpp"

namespace tribune::store {

std::string_view to_string(StaffMailMode m) {
    switch (m) {
        case StaffMailMode::kOff: return "off";
        case StaffMailMode::kImmediate: return "immediate";
        case StaffMailMode::kDigest: return "digest";
    }
    return "off";
}

std::optional<StaffMailMode> parse_staff_mail_mode(std::string_view s) {
    for (auto m : {StaffMailMode::kOff, StaffMailMode::kImmediate, StaffMailMode::kDigest})
        if (to_string(m) == s) return m;
    return std::nullopt;
}

}  // namespace tribune::store
