#include "portability/remark42_import.hpp"

#include <boost/json.hpp>

#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/time.hpp"
#include "portability/html_text.hpp"
#include "portability/json_fields.hpp"
#include "portability/line_reader.hpp"

namespace tribune::portability {
namespace {

namespace json = boost::json;
using domain::ErrorCode;
using namespace json_fields;

domain::Error malformed(std::int64_t line, std::string what) {
    return domain::make_error(ErrorCode::kMalformed, "Not a Remark42 backup",
                              "line " + std::to_string(line) + ": " + std::move(what));
}

// A meta line ({"version":1,"users":[...],"posts":[...]}) names no comment; a comment line has
// an id. Remark42 writes one meta line first, and files merged by hand may hold more or none.
bool is_meta(const json::object& o) {
    return o.contains("version") && !o.contains("id") && (array_of(o, "users") || array_of(o, "posts"));
}
bool is_comment(const json::object& o) { return o.contains("id") && o.contains("locator"); }

class Remark42Reader {
public:
    explicit Remark42Reader(CommentImport& import) : import_(import) {}

    domain::Result<void> meta(const json::object& o) {
        const auto& version = o.at("version");
        if (!version.is_int64() || (version.get_int64() != 0 && version.get_int64() != 1))
            return domain::make_error(ErrorCode::kMalformed, "Unsupported Remark42 backup",
                                      "the backup's version is " + json::serialize(version) + ", not 1");
        if (const auto* users = array_of(o, "users"))
            for (const auto& u : *users) {
                if (!u.is_object()) continue;
                const auto* details = object_of(u.get_object(), "details");
                std::string email = details ? text_of(*details, "email") : std::string();
                if (!email.empty()) emails_[text_of(u.get_object(), "id")] = std::move(email);
            }
        // Remark42 lists only the read-only posts: closed threads here.
        if (const auto* posts = array_of(o, "posts"))
            for (const auto& p : *posts) {
                if (!p.is_object() || !flag_of(p.get_object(), "read_only")) continue;
                std::string url = text_of(p.get_object(), "url");
                if (url.empty()) continue;
                threads_.insert(url);
                if (auto r = import_.add_thread({url, url, true}); !r) return r;
            }
        return {};
    }

    domain::Result<void> comment(const json::object& o) {
        auto at = domain::parse_rfc3339_offset(text_of(o, "time"));
        if (!at) {
            import_.skip(ImportNote::kInvalid);
            return {};
        }
        std::string url;
        if (const auto* locator = object_of(o, "locator")) url = text_of(*locator, "url");
        if (!url.empty() && threads_.insert(url).second)
            if (auto r = import_.add_thread({url, url, false}); !r) return r;
        SourceComment c;
        c.id = text_of(o, "id");
        c.thread_id = std::move(url);
        c.parent_id = text_of(o, "pid");
        if (const auto* user = object_of(o, "user")) {
            // Remark42 keeps names HTML-escaped.
            c.author_name = html_to_text(text_of(*user, "name"));
            if (auto it = emails_.find(text_of(*user, "id")); it != emails_.end()) c.author_email = it->second;
            // An HMAC hash in Remark42, so never an address: the import keeps nothing of it.
            c.ip_address = text_of(*user, "ip");
        }
        const bool deleted = flag_of(o, "delete");
        c.text = deleted ? std::string() : html_to_text(text_of(o, "text"));
        c.status = deleted ? domain::CommentStatus::kDeleted : domain::CommentStatus::kApproved;
        c.created_at = *at;
        return import_.add_comment(std::move(c));
    }

private:
    CommentImport& import_;
    std::unordered_map<std::string, std::string> emails_;  // user id -> email, from the meta lines
    std::unordered_set<std::string> threads_;               // locator URLs handed on
};

}  // namespace

domain::Result<void> import_remark42(std::istream& in, CommentImport& import) {
    LineReader lines(in, kMaxRemark42Line);
    Remark42Reader reader(import);
    std::string line;
    bool first = true;
    for (;;) {
        if (import.stopped()) return import_stopped();
        const auto got = lines.next(line);
        if (got == LineReader::Got::kEnd) break;
        if (got == LineReader::Got::kReadError)
            return domain::make_error(ErrorCode::kUnavailable, "Cannot read the file", "a read failed");
        if (got == LineReader::Got::kTooLong)
            return malformed(lines.number(), "longer than " + std::to_string(kMaxRemark42Line >> 20) + " MiB");
        if (line.find_first_not_of(" \t") == std::string::npos) continue;

        boost::system::error_code ec;
        json::value v = json::parse(line, ec);
        if (ec) return malformed(lines.number(), "not JSON (" + ec.message() + ")");
        const bool record = v.is_object() && (is_meta(v.get_object()) || is_comment(v.get_object()));
        if (first && !record) return malformed(lines.number(), "neither a meta record nor a comment");
        first = false;
        if (!record) {
            import.skip(ImportNote::kInvalid);
            continue;
        }
        const auto& o = v.get_object();
        auto r = is_meta(o) ? reader.meta(o) : reader.comment(o);
        if (!r) return r;
    }
    if (first) return domain::make_error(ErrorCode::kMalformed, "Not a Remark42 backup", "the file is empty");
    return {};
}

}  // namespace tribune::portability
