#pragma once
// The JSON of live coverage and corrections (docs/openapi.yaml, LiveUpdate, Correction and their
// request bodies).

#include <string>
#include <string_view>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "domain/live_update.hpp"
#include "service/live_coverage.hpp"

namespace tribune::http {

/// One LIVE_UPDATE: id, posted_at, edited_at (null when never), pinned, body_markdown and
/// body_html (render::markdown_to_html). Who posted it is kept for the audit log, not shown.
std::string encode_live_update(const domain::LiveUpdate& u);
/// A page: {"updates":[...],"next_cursor"?}.
std::string encode_live_update_page(const service::LiveUpdatePage& page);
/// One CORRECTION: {"id","at","text"}.
std::string encode_correction(const domain::Correction& c);

/// {"body_markdown"?, "pinned"?}; unknown fields refused. Errors: kMalformed, kInvalid.
domain::Result<service::LiveUpdateDraft> decode_live_update_draft(std::string_view body);
/// {"text"}. Errors: kMalformed, kInvalid.
domain::Result<std::string> decode_correction(std::string_view body);
/// {"live": true|false}. Errors: kMalformed, kInvalid.
domain::Result<bool> decode_live_flag(std::string_view body);

}  // namespace tribune::http
