#pragma once
// The frame of every desk page (head with the CSRF meta tag, desk nav, notices) and the small form
// pieces the desk pages share. Internal to render/.

#include <string>
#include <string_view>

#include "render/desk_views.hpp"

namespace tribune::render {

/// A complete desk document around `main_html` (trusted markup). Links tribune.css, desk.css and
/// desk.js (deferred; the desk works without it). The nav shows the sections `frame.staff` may use;
/// the log out form shows when `frame.staff.name` is set.
std::string desk_document(const DeskFrame& frame, std::string_view title, std::string_view main_html);

/// `<input type="hidden" name=... value=...>` with both escaped.
void append_hidden(std::string& out, std::string_view name, std::string_view value);

/// The hidden `csrf_token` field every state-changing form carries.
void append_csrf_field(std::string& out, const DeskStaff& staff);

/// `<form method="post" action=... class=...>` plus the CSRF field. `action` is escaped.
void open_post_form(std::string& out, std::string_view action, std::string_view css_class, const DeskStaff& staff);

/// The notices as an ok/error list; nothing when empty.
void append_notices(std::string& out, const std::vector<DeskNotice>& notices);

/// "Moderator", "Admin", "Reader".
std::string_view role_label(domain::Role r);

/// Every moderation mode, in the order forms list them, and each one's label.
inline constexpr domain::ModerationMode kModerationModes[] = {
    domain::ModerationMode::kPreModerate, domain::ModerationMode::kPreModerateFirstTime,
    domain::ModerationMode::kPreModerateLinks, domain::ModerationMode::kPostModerate};
std::string_view moderation_mode_label(domain::ModerationMode m);

/// `<option value=...>label</option>` with `selected` when `selected`.
void append_option(std::string& out, std::string_view value, std::string_view label, bool selected);

}  // namespace tribune::render
