#include "http/json_codec.hpp"
#include "domain/decimal.hpp"
#include "http/json_internal.hpp"

#include <boost/json.hpp>

namespace tribune::http {
namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;
using domain::FieldError;

namespace {

json::value optional_string(const std::optional<std::string>& s) {
    if (!s) return nullptr;
    return json::string(*s);
}

json::array comment_array(const std::vector<domain::Comment>& comments) {
    json::array a;
    a.reserve(comments.size());
    for (const auto& c : comments) {
        auto o = comment_object(c);
        o["replies"] = json::array{};
        o["replies_next_cursor"] = nullptr;
        a.emplace_back(std::move(o));
    }
    return a;
}

}  // namespace

Error malformed(std::string message) {
    return domain::make_error(ErrorCode::kMalformed, "Malformed request body", std::move(message));
}

Error wrong_type(const std::string& field, const std::string& what) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid field", field + " must be " + what,
                              {FieldError{field, "must be " + what}});
}

domain::Result<json::object> parse_object(std::string_view body) {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 16;
    json::value v = json::parse(body, ec, json::storage_ptr(), opts);
    if (ec) return malformed("body is not valid JSON (UTF-8): " + ec.message());
    if (!v.is_object()) return malformed("body must be a JSON object");
    return std::move(v.as_object());
}

domain::Result<std::string> required_string(const json::object& o, const std::string& field) {
    const auto* v = o.if_contains(field);
    if (!v || v->is_null())
        return domain::make_error(ErrorCode::kInvalid, "Missing field", field + " is required",
                                  {FieldError{field, "is required"}});
    if (!v->is_string()) return wrong_type(field, "a string");
    return std::string(v->as_string());
}

std::string format_id(domain::CommentId id) { return std::to_string(id); }

std::optional<domain::CommentId> parse_id(std::string_view text) { return domain::parse_positive(text); }

std::string encode_thread_page(const domain::ThreadPage& page) {
    json::array comments;
    comments.reserve(page.comments.size());
    for (const auto& node : page.comments) {
        auto o = comment_object(node.comment);
        o["replies"] = comment_array(node.replies);
        o["replies_next_cursor"] = optional_string(node.replies_next_cursor);
        comments.emplace_back(std::move(o));
    }
    json::object out;
    out["page"] = page.page;
    out["total"] = page.total;
    out["comments"] = std::move(comments);
    out["next_cursor"] = optional_string(page.next_cursor);
    out["sign_in_required"] = page.sign_in_required;
    return json::serialize(out);
}

std::string encode_reply_page(const domain::ReplyPage& page) {
    json::object out;
    out["parent_id"] = format_id(page.parent.id);
    out["comments"] = comment_array(page.replies);
    out["next_cursor"] = optional_string(page.next_cursor);
    return json::serialize(out);
}

std::string encode_created(const domain::Comment& c, std::string_view author_token) {
    auto o = comment_object(c);
    o["replies"] = json::array{};
    o["replies_next_cursor"] = nullptr;
    json::object out;
    out["comment"] = std::move(o);
    out["author_token"] = author_token;
    return json::serialize(out);
}

std::string encode_counts(const std::vector<std::string>& pages, const std::vector<std::int64_t>& counts) {
    json::object c;
    for (std::size_t i = 0; i < pages.size() && i < counts.size(); ++i) c[pages[i]] = counts[i];
    return json::serialize(json::object{{"counts", std::move(c)}});
}

std::string encode_history(domain::CommentId id, const std::vector<domain::CommentEdit>& edits) {
    json::array a;
    for (const auto& e : edits)
        a.emplace_back(json::object{{"text", e.text},
                                    {"replaced_at", domain::format_rfc3339(e.replaced_at)},
                                    {"edited_by", e.edited_by}});
    return json::serialize(json::object{{"id", format_id(id)}, {"edits", std::move(a)}});
}

std::string encode_problem(const domain::Error& e, int status) {
    json::object o;
    o["type"] = "about:blank";
    o["title"] = e.title;
    o["status"] = status;
    if (!e.message.empty()) o["detail"] = e.message;
    if (!e.fields.empty()) {
        json::array a;
        for (const auto& f : e.fields) a.emplace_back(json::object{{"field", f.field}, {"message", f.message}});
        o["errors"] = std::move(a);
    }
    return json::serialize(o);
}

std::string encode_object(const std::vector<std::pair<std::string, std::string>>& fields) {
    json::object o;
    for (const auto& [k, v] : fields) o[k] = v;
    return json::serialize(o);
}

domain::Result<NewCommentBody> decode_new_comment(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    NewCommentBody d;
    auto page = required_string(*obj, "page");
    if (!page) return page.error();
    d.page = std::move(*page);
    auto text = required_string(*obj, "text");
    if (!text) return text.error();
    d.text = std::move(*text);
    if (const auto* name = obj->if_contains("author_name"); name && !name->is_null()) {
        if (!name->is_string()) return wrong_type("author_name", "a string");
        d.author_name = std::string(name->as_string());
    }
    if (const auto* parent = obj->if_contains("parent_id"); parent && !parent->is_null()) {
        std::optional<domain::CommentId> id;
        if (parent->is_string()) id = parse_id(parent->as_string());
        else if (parent->is_int64() && parent->as_int64() > 0) id = parent->as_int64();
        else return wrong_type("parent_id", "a comment id");
        // An id that can't exist is a missing parent: 404 from admission, like any unknown id.
        d.parent_id = id.value_or(0);
    }
    std::string_view email;
    if (const auto* v = obj->if_contains("author_email"); v && !v->is_null()) {
        if (!v->is_string()) return wrong_type("author_email", "a string");
        email = v->as_string();
    }
    bool asks[2] = {false, false};
    const char* const kAskFields[2] = {"notify_replies", "notify_approval"};
    for (int i = 0; i < 2; ++i) {
        const auto* v = obj->if_contains(kAskFields[i]);
        if (!v || v->is_null()) continue;
        if (!v->is_bool()) return wrong_type(kAskFields[i], "true or false");
        asks[i] = v->as_bool();
    }
    auto mail = service::read_mail_request(email, asks[0], asks[1]);
    if (!mail) return mail.error();
    d.mail = std::move(*mail);
    return d;
}

std::string encode_mail_choice(const service::StaffMailChoice& c) {
    return json::serialize(json::object{{"mode", c.mode}, {"digest_minutes", c.digest_minutes}});
}

domain::Result<service::StaffMailChoice> decode_mail_choice(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    service::StaffMailChoice c;
    auto mode = required_string(*obj, "mode");
    if (!mode) return mode.error();
    c.mode = std::move(*mode);
    if (const auto* minutes = obj->if_contains("digest_minutes"); minutes && !minutes->is_null()) {
        // Whole numbers only; any that is out of range is the use case's to refuse with its rule.
        if (!minutes->is_int64() || minutes->as_int64() < -1'000'000 || minutes->as_int64() > 1'000'000)
            return wrong_type("digest_minutes", "a whole number of minutes");
        c.digest_minutes = static_cast<int>(minutes->as_int64());
    }
    return c;
}

ClientMessage decode_client_message(std::string_view text) {
    ClientMessage m;
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 4;
    json::value v = json::parse(text, ec, json::storage_ptr(), opts);
    if (ec || !v.is_object()) {
        m.error = "frames must be JSON objects";
        return m;
    }
    const auto& o = v.as_object();
    const auto* type = o.if_contains("type");
    if (!type || !type->is_string()) {
        m.error = "frames need a string type";
        return m;
    }
    if (type->as_string() == "typing") {
        m.kind = ClientMessage::Kind::kTyping;
    } else if (type->as_string() == "auth") {
        const auto* token = o.if_contains("author_token");
        if (!token || !token->is_string()) {
            m.error = "auth needs an author_token string";
            return m;
        }
        m.kind = ClientMessage::Kind::kAuth;
        m.author_token = std::string(token->as_string());
    } else {
        m.error = "unknown frame type";
    }
    return m;
}

std::string live_error_frame(std::string_view message) {
    return json::serialize(json::object{{"type", "error"}, {"message", message}});
}

domain::Result<std::string> decode_edit(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    return required_string(*obj, "text");
}

domain::Result<ModerationRequest> decode_moderation(std::string_view body) {
    auto obj = parse_object(body);
    if (!obj) return obj.error();
    auto action = required_string(*obj, "action");
    if (!action) return action.error();
    ModerationRequest out{std::move(*action), std::nullopt};
    if (const auto* v = obj->if_contains("version"); v && !v->is_null()) {
        if (!v->is_string() || v->as_string().size() > 32) return wrong_type("version", "a comment's version string");
        out.version = std::string(v->as_string());
    }
    return out;
}

}  // namespace tribune::http
