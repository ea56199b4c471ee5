#include "http/identity_codec.hpp"

#include "http/json_internal.hpp"

namespace tribune::http {

namespace json = boost::json;

domain::Result<IdentityFields> decode_identity_fields(std::string_view body, const std::string& field,
                                                      const std::vector<std::string>& optional_fields) {
    auto o = parse_object(body);
    if (!o) return o.error();
    IdentityFields out;
    auto value = required_string(*o, field);
    if (!value) return value.error();
    out.value = std::move(*value);
    for (const auto& name : optional_fields) {
        std::string& slot = out.optional_values.emplace_back();
        if (const auto* v = o->if_contains(name); v && !v->is_null()) {
            if (!v->is_string()) return wrong_type(name, "a string");
            slot = std::string(v->as_string());
        }
    }
    return out;
}

std::string encode_signed_in(const domain::User& u, std::string_view session_token, std::string_view csrf_token) {
    return json::serialize(json::object{{"user", user_object(u)},
                                        {"session_token", session_token},
                                        {"csrf_token", csrf_token}});
}

std::string encode_account(const domain::User& u) { return json::serialize(json::object{{"user", user_object(u)}}); }

std::string encode_sign_in_options(const service::IdentityConfig& config) {
    json::array providers;
    for (const auto& p : config.oidc_providers)
        providers.emplace_back(json::object{{"name", p.name}, {"label", p.label}, {"start_url", "/auth/oidc/" + p.name}});
    return json::serialize(json::object{{"email_link", config.email_links},
                                        {"sso", config.sso()},
                                        {"providers", std::move(providers)}});
}

std::string encode_own_comments(const std::vector<store::OwnComment>& comments, bool more) {
    json::array a;
    for (const auto& c : comments)
        a.emplace_back(json::object{{"id", std::to_string(c.id)},
                                    {"page", c.page},
                                    {"excerpt", c.excerpt},
                                    {"status", c.status},
                                    {"created_at", domain::format_rfc3339(c.created_at)}});
    json::value next = nullptr;
    if (more && !comments.empty()) next = json::string(std::to_string(comments.back().id));
    return json::serialize(json::object{{"comments", std::move(a)}, {"next_before", std::move(next)}});
}

std::string encode_claimed(int n) { return json::serialize(json::object{{"claimed", n}}); }

}  // namespace tribune::http
