#include "http/local_redirect.hpp"

namespace tribune::http {

bool is_local_redirect(std::string_view wanted, std::string_view root) {
    if (wanted.size() > kMaxRedirectPathBytes || !wanted.starts_with(root)) return false;
    if (root.ends_with('/')) {
        if (wanted.size() == root.size()) return false;
    } else if (wanted.size() > root.size() && wanted[root.size()] != '/' && wanted[root.size()] != '?') {
        return false;
    }
    if (wanted.find("//") != std::string_view::npos || wanted.find("/.") != std::string_view::npos) return false;
    for (const unsigned char c : wanted)
        if (c < 0x21 || c == 0x7f || c == '\\') return false;
    return true;
}

std::string local_redirect_or(std::string_view wanted, std::string_view root, std::string fallback) {
    return is_local_redirect(wanted, root) ? std::string(wanted) : std::move(fallback);
}

}  // namespace tribune::http
