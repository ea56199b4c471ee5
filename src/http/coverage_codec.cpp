#include "http/coverage_codec.hpp"

#include "http/json_internal.hpp"
#include "render/markdown.hpp"

namespace tribune::http {
namespace json = boost::json;

namespace {

// Refuses any field but `known`, so a misspelt one is never silently dropped.
domain::Result<void> only(const json::object& o, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : o) {
        bool found = false;
        for (auto k : known) found = found || key == k;
        if (!found) {
            std::string name;
            for (auto k : known) name += (name.empty() ? "" : ", ") + std::string(k);
            return domain::make_error(domain::ErrorCode::kInvalid, "Unknown field", "the known fields are " + name,
                                      {domain::FieldError{"body", "holds only " + name}});
        }
    }
    return {};
}

domain::Result<std::optional<bool>> optional_bool(const json::object& o, std::string_view field) {
    const auto* v = o.if_contains(field);
    if (!v || v->is_null()) return std::optional<bool>{};
    if (!v->is_bool()) return wrong_type(std::string(field), "true or false");
    return std::optional<bool>{v->as_bool()};
}

json::object update_object(const domain::LiveUpdate& u) {
    return json::object{{"id", u.id},
                        {"posted_at", domain::format_rfc3339(u.posted_at)},
                        {"edited_at", u.edited_at > u.posted_at ? json::value(domain::format_rfc3339(u.edited_at))
                                                                : json::value(nullptr)},
                        {"pinned", u.pinned},
                        {"body_markdown", u.body_markdown},
                        {"body_html", render::markdown_to_html(u.body_markdown)}};
}

}  // namespace

std::string encode_live_update(const domain::LiveUpdate& u) { return json::serialize(update_object(u)); }

std::string encode_live_update_page(const service::LiveUpdatePage& page) {
    json::array list;
    for (const auto& u : page.updates) list.emplace_back(update_object(u));
    json::object o{{"updates", std::move(list)}};
    if (page.next_cursor) o["next_cursor"] = *page.next_cursor;
    return json::serialize(o);
}

std::string encode_correction(const domain::Correction& c) {
    return json::serialize(json::object{{"id", c.id}, {"at", domain::format_rfc3339(c.at)}, {"text", c.text}});
}

domain::Result<service::LiveUpdateDraft> decode_live_update_draft(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    if (auto ok = only(*o, {"body_markdown", "pinned"}); !ok) return ok.error();
    service::LiveUpdateDraft d;
    if (const auto* v = o->if_contains("body_markdown"); v && !v->is_null()) {
        if (!v->is_string()) return wrong_type("body_markdown", "a string");
        d.body_markdown = std::string(v->as_string());
    }
    auto pinned = optional_bool(*o, "pinned");
    if (!pinned) return pinned.error();
    d.pinned = *pinned;
    return d;
}

domain::Result<std::string> decode_correction(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    if (auto ok = only(*o, {"text"}); !ok) return ok.error();
    return required_string(*o, "text");
}

domain::Result<bool> decode_live_flag(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    if (auto ok = only(*o, {"live"}); !ok) return ok.error();
    auto live = optional_bool(*o, "live");
    if (!live) return live.error();
    if (!*live)
        return domain::make_error(domain::ErrorCode::kInvalid, "Missing field", "live is required",
                                  {domain::FieldError{"live", "is required"}});
    return **live;
}

}  // namespace tribune::http
