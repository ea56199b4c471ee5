#pragma once
// Where a form may send the browser back to: a path of our own, never another site.

#include <cstddef>
#include <string>
#include <string_view>

namespace tribune::http {

/// The longest redirect target a form may name. Longer ones are refused (the fallback is used):
/// a header value is bounded, and no real page of ours needs more.
inline constexpr std::size_t kMaxRedirectPathBytes = 2048;

/// True when `wanted` is a local path under `root` that is safe to put in a Location header:
/// at most kMaxRedirectPathBytes, no control characters, spaces or backslashes, no `//` (which a
/// browser reads as another host) and no `/.` segments. A `root` ending in `/` needs more after
/// it; any other `root` must be followed by the end, `/` or `?`.
bool is_local_redirect(std::string_view wanted, std::string_view root);

/// `wanted` when is_local_redirect(wanted, root), else `fallback`.
std::string local_redirect_or(std::string_view wanted, std::string_view root, std::string fallback);

}  // namespace tribune::http
