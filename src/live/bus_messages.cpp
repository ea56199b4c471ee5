#include "live/bus_messages.hpp"

#include <boost/json.hpp>

namespace tribune::live {
namespace {

namespace json = boost::json;

constexpr int kEventVersion = 1;

json::value optional_int(const std::optional<std::int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::object encode_comment(const domain::Comment& c) {
    json::object o;
    o["id"] = c.id;
    o["page"] = c.page;
    o["parent_id"] = optional_int(c.parent_id);
    o["author_name"] = c.author.name;
    o["author_role"] = std::string(domain::to_string(c.author.role));
    o["author_user_id"] = optional_int(c.author.user_id);
    if (!c.author.badge.empty()) o["author_badge"] = c.author.badge;
    if (c.author.verified) o["author_verified"] = true;
    o["author_token_hash"] = c.author_token_hash;
    o["text"] = c.text;
    o["status"] = std::string(domain::to_string(c.status));
    o["created_at"] = domain::to_micros(c.created_at);
    o["edited_at"] = c.edited_at ? json::value(domain::to_micros(*c.edited_at)) : json::value(nullptr);
    o["reply_count"] = c.reply_count;
    return o;
}

// Readers of a message another build may have written: anything unexpected is a nullopt, never
// an exception.
const json::value* field(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &it->value();
}

bool read_string(const json::object& o, std::string_view key, std::string& out) {
    const auto* v = field(o, key);
    if (!v || !v->is_string()) return false;
    out.assign(v->get_string().begin(), v->get_string().end());
    return true;
}

bool read_int(const json::object& o, std::string_view key, std::int64_t& out) {
    const auto* v = field(o, key);
    if (!v || !v->is_int64()) return false;
    out = v->get_int64();
    return true;
}

bool read_optional_int(const json::object& o, std::string_view key, std::optional<std::int64_t>& out) {
    const auto* v = field(o, key);
    if (!v) return false;
    if (v->is_null()) {
        out.reset();
        return true;
    }
    if (!v->is_int64()) return false;
    out = v->get_int64();
    return true;
}

std::optional<domain::Comment> decode_comment(const json::object& o) {
    domain::Comment c;
    std::string role, status;
    std::int64_t created = 0;
    std::optional<std::int64_t> edited;
    if (!read_int(o, "id", c.id) || !read_string(o, "page", c.page) ||
        !read_optional_int(o, "parent_id", c.parent_id) || !read_string(o, "author_name", c.author.name) ||
        !read_string(o, "author_role", role) || !read_optional_int(o, "author_user_id", c.author.user_id) ||
        !read_string(o, "author_token_hash", c.author_token_hash) || !read_string(o, "text", c.text) ||
        !read_string(o, "status", status) || !read_int(o, "created_at", created) ||
        !read_optional_int(o, "edited_at", edited) || !read_int(o, "reply_count", c.reply_count))
        return std::nullopt;
    auto r = domain::parse_role(role);
    auto s = domain::parse_status(status);
    if (!r || !s) return std::nullopt;
    c.author.role = *r;
    c.status = *s;
    // Optional: a node of an earlier version sends neither.
    if (const auto* badge = o.if_contains("author_badge"); badge && badge->is_string())
        c.author.badge = std::string(badge->as_string());
    if (const auto* verified = o.if_contains("author_verified"); verified && verified->is_bool())
        c.author.verified = verified->as_bool();
    c.created_at = domain::from_micros(created);
    if (edited) c.edited_at = domain::from_micros(*edited);
    return c;
}

std::optional<json::object> parse_object(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

json::array encode_state(const PageState& s) { return json::array{json::value(s.page), s.active, s.typing}; }

}  // namespace

std::string encode_event(const CommentEvent& event) {
    json::object o;
    o["v"] = kEventVersion;
    o["comment"] = encode_comment(event.comment);
    o["visible"] = event.visible_tail;
    o["hidden"] = event.hidden_tail;
    o["total"] = optional_int(event.total);
    if (event.removes_earlier) o["removes_earlier"] = true;
    return json::serialize(o);
}

std::optional<CommentEvent> decode_event(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    std::int64_t version = 0;
    if (!read_int(*o, "v", version) || version != kEventVersion) return std::nullopt;
    const auto* comment = field(*o, "comment");
    if (!comment || !comment->is_object()) return std::nullopt;
    auto c = decode_comment(comment->get_object());
    if (!c) return std::nullopt;
    CommentEvent e;
    e.comment = std::move(*c);
    if (!read_string(*o, "visible", e.visible_tail) || !read_string(*o, "hidden", e.hidden_tail) ||
        !read_optional_int(*o, "total", e.total))
        return std::nullopt;
    if (const auto* r = field(*o, "removes_earlier")) e.removes_earlier = r->is_bool() && r->get_bool();
    return e;
}

std::vector<std::string> encode_states(const NodeStates& states, std::size_t max_bytes) {
    std::vector<std::string> out;
    auto head = [&] {
        json::object o;
        o["node"] = states.node;
        o["leaving"] = states.leaving;
        o["pages"] = json::array{};
        return o;
    };
    json::object current = head();
    std::size_t size = json::serialize(current).size();
    const std::size_t empty_size = size;
    for (const auto& s : states.states) {
        const std::string one = json::serialize(encode_state(s));
        if (empty_size + one.size() + 1 > max_bytes) continue;
        if (size + one.size() + 1 > max_bytes) {
            out.push_back(json::serialize(current));
            current = head();
            size = empty_size;
        }
        current["pages"].get_array().push_back(encode_state(s));
        size += one.size() + 1;
    }
    if (size > empty_size || (states.leaving && out.empty())) out.push_back(json::serialize(current));
    return out;
}

std::optional<NodeStates> decode_states(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    NodeStates n;
    const auto* leaving = field(*o, "leaving");
    const auto* pages = field(*o, "pages");
    if (!read_string(*o, "node", n.node) || !leaving || !leaving->is_bool() || !pages || !pages->is_array())
        return std::nullopt;
    n.leaving = leaving->get_bool();
    for (const auto& p : pages->get_array()) {
        if (!p.is_array() || p.get_array().size() != 3) return std::nullopt;
        const auto& a = p.get_array();
        if (!a[0].is_string() || !a[1].is_int64() || !a[2].is_bool()) return std::nullopt;
        n.states.push_back(PageState{std::string(a[0].get_string()), a[1].get_int64(), a[2].get_bool()});
    }
    return n;
}

std::vector<std::string> encode_page_changes(const PageChanges& changes, std::size_t max_bytes) {
    std::vector<std::string> out;
    auto head = [&](bool everything) {
        json::object o;
        o["node"] = changes.node;
        o["everything"] = everything;
        o["pages"] = json::array{};
        return o;
    };
    if (changes.everything) return {json::serialize(head(true))};
    json::object current = head(false);
    const std::size_t empty_size = json::serialize(current).size();
    std::size_t size = empty_size;
    for (const auto& page : changes.pages) {
        const std::size_t one = json::serialize(json::value(page)).size();
        if (empty_size + one + 1 > max_bytes) return {json::serialize(head(true))};
        if (size + one + 1 > max_bytes) {
            out.push_back(json::serialize(current));
            current = head(false);
            size = empty_size;
        }
        current["pages"].get_array().emplace_back(page);
        size += one + 1;
    }
    if (size > empty_size) out.push_back(json::serialize(current));
    return out;
}

std::optional<PageChanges> decode_page_changes(std::string_view text) {
    auto o = parse_object(text);
    if (!o) return std::nullopt;
    PageChanges c;
    const auto* everything = field(*o, "everything");
    const auto* pages = field(*o, "pages");
    if (!read_string(*o, "node", c.node) || !everything || !everything->is_bool() || !pages || !pages->is_array())
        return std::nullopt;
    c.everything = everything->get_bool();
    for (const auto& p : pages->get_array()) {
        if (!p.is_string()) return std::nullopt;
        c.pages.emplace_back(p.get_string());
    }
    return c;
}

}  // namespace tribune::live
