#include "portability/commento_import.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/time.hpp"
#include "portability/html_text.hpp"
#include "portability/json_fields.hpp"

namespace tribune::portability {
namespace {

namespace json = boost::json;
using domain::ErrorCode;
using namespace json_fields;

domain::Error not_commento(std::string why) {
    return domain::make_error(ErrorCode::kMalformed, "Not a Commento export", std::move(why));
}

// The whole document, read in chunks and bounded.
domain::Result<json::value> parse_document(std::istream& in, std::int64_t max_bytes) {
    json::stream_parser parser;
    std::array<char, 64 * 1024> chunk{};
    std::int64_t total = 0;
    boost::system::error_code ec;
    while (in) {
        in.read(chunk.data(), chunk.size());
        const auto n = in.gcount();
        if (n <= 0) break;
        total += n;
        if (total > max_bytes)
            return domain::make_error(ErrorCode::kTooLarge, "Commento export too large",
                                      "a Commento export is read whole into memory, so it is taken up to " +
                                          std::to_string(max_bytes >> 20) + " MiB (unpacked) here; this one is larger");
        parser.write(chunk.data(), static_cast<std::size_t>(n), ec);
        if (ec) return not_commento("not JSON (" + ec.message() + ")");
    }
    if (in.bad()) return domain::make_error(ErrorCode::kUnavailable, "Cannot read the file", "a read failed");
    parser.finish(ec);
    if (ec) return not_commento("not JSON (" + ec.message() + ")");
    return parser.release();
}

domain::CommentStatus status_of_state(std::string_view state) {
    if (state.empty() || state == "approved") return domain::CommentStatus::kApproved;
    if (state == "flagged") return domain::CommentStatus::kSpam;
    return domain::CommentStatus::kPending;  // "unapproved", and any state this reader does not know
}

struct Commenter {
    std::string name;
    std::string email;
};

}  // namespace

domain::Result<void> import_commento(std::istream& in, CommentImport& import, std::int64_t max_bytes) {
    auto doc = parse_document(in, std::min(max_bytes, kMaxCommentoBytes));
    if (!doc) return doc.error();
    if (!doc->is_object()) return not_commento("the document is not an object");
    const auto& root = doc->get_object();
    const auto* comments = root.if_contains("comments");
    if (!comments || !comments->is_array()) return not_commento("it has no \"comments\" list");
    if (const auto* version = root.if_contains("version"); version && !(version->is_int64() && version->get_int64() == 1))
        return domain::make_error(ErrorCode::kMalformed, "Unsupported Commento export",
                                  "the export's version is " + json::serialize(*version) + ", not 1");

    std::unordered_map<std::string, Commenter> commenters{{"anonymous", {"Anonymous", {}}}};
    if (const auto* list = root.if_contains("commenters"); list && list->is_array())
        for (const auto& c : list->get_array())
            if (c.is_object())
                commenters[text_of(c.get_object(), "commenterHex")] =
                    Commenter{text_of(c.get_object(), "name"), text_of(c.get_object(), "email")};

    std::unordered_set<std::string> threads;
    for (const auto& item : comments->get_array()) {
        if (import.stopped()) return import_stopped();
        if (!item.is_object()) {
            import.skip(ImportNote::kInvalid);
            continue;
        }
        const auto& o = item.get_object();
        auto at = domain::parse_rfc3339_offset(text_of(o, "creationDate"));
        if (!at) {
            import.skip(ImportNote::kInvalid);
            continue;
        }
        std::string path = o.contains("url") ? text_of(o, "url") : text_of(o, "path");
        if (path.empty()) path = "/";
        // Commento names a page by its domain and path; the path is its key here.
        std::string thread = text_of(o, "domain") + path;
        if (threads.insert(thread).second)
            if (auto r = import.add_thread({thread, path, false}); !r) return r;
        SourceComment c;
        c.id = text_of(o, "commentHex");
        c.thread_id = std::move(thread);
        c.parent_id = text_of(o, "parentHex");
        if (c.parent_id == "root") c.parent_id.clear();
        if (auto it = commenters.find(text_of(o, "commenterHex")); it != commenters.end()) {
            c.author_name = it->second.name;
            c.author_email = it->second.email;
        }
        const auto* deleted = o.if_contains("deleted");
        const bool is_deleted = deleted && deleted->is_bool() && deleted->get_bool();
        if (!is_deleted) {
            c.text = typed_text(text_of(o, "markdown"));
            if (c.text.empty()) c.text = html_to_text(text_of(o, "html"));
        }
        c.status = is_deleted ? domain::CommentStatus::kDeleted : status_of_state(text_of(o, "state"));
        c.created_at = *at;
        if (auto r = import.add_comment(std::move(c)); !r) return r;
    }
    return {};
}

}  // namespace tribune::portability
