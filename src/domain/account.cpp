#include "domain/account.hpp"

namespace tribune::domain {

bool is_placeholder_email(std::string_view email) {
    constexpr std::string_view kDomain = "@accounts.invalid";
    return email.size() > kDomain.size() && email.substr(email.size() - kDomain.size()) == kDomain;
}

}  // namespace tribune::domain
