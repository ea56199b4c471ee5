#include "http/review_codec.hpp"

#include "http/json_internal.hpp"

namespace tribune::http {
namespace json = boost::json;

domain::Result<bool> decode_review_submission(std::string_view body) {
    auto o = parse_object(body);
    if (!o) return o.error();
    auto invalid = [](std::string message) {
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid review request", message,
                                  {domain::FieldError{"submitted", message}});
    };
    for (const auto& [key, value] : *o)
        if (key != "submitted")
            return domain::make_error(domain::ErrorCode::kInvalid, "Unknown field", "the known field is submitted",
                                      {domain::FieldError{"body", "holds only submitted"}});
    const auto* v = o->if_contains("submitted");
    if (!v || v->is_null()) return invalid("submitted is required");
    if (!v->is_bool()) return wrong_type("submitted", "true or false");
    return v->as_bool();
}

std::string encode_review_state(const service::ReviewState& state) {
    json::object o{{"slug", state.slug}, {"submitted", state.request.has_value()}};
    if (state.request) {
        o["requested_at"] = domain::format_rfc3339(state.request->requested_at);
        o["requested_by"] = state.request->requested_by;
    }
    return json::serialize(o);
}

}  // namespace tribune::http
