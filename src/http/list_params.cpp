#include "http/list_params.hpp"

#include "domain/decimal.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::FieldError;
using domain::make_error;

domain::Error field(ErrorCode code, const std::string& name, const std::string& message) {
    return make_error(code, "Invalid parameter " + name, message, {FieldError{name, message}});
}

}  // namespace

domain::Result<store::ListQuery> list_query_from(const Request& req, const Identity& who,
                                                 const domain::Limits& limits) {
    store::ListQuery q;
    q.viewer = who.viewer;
    q.limit = limits.default_page_size;
    if (auto limit = req.query_param("limit")) {
        if (limit->size() > 1 && limit->front() == '0')
            return field(ErrorCode::kMalformed, "limit", "limit must be a whole number without leading zeros");
        const bool digits = !limit->empty() && limit->find_first_not_of("0123456789") == std::string_view::npos;
        const auto n = domain::parse_integer(*limit);
        if (!n && !digits) return field(ErrorCode::kMalformed, "limit", "limit must be a whole number");
        if (!n || *n < 1 || *n > limits.max_page_size)  // a number too long to parse is out of range too
            return field(ErrorCode::kInvalid, "limit", "limit must be 1 to " + std::to_string(limits.max_page_size));
        q.limit = static_cast<int>(*n);
    }
    std::optional<domain::SortOrder> sort;
    if (auto s = req.query_param("sort")) {
        if (*s == "oldest") sort = domain::SortOrder::kOldest;
        else if (*s == "newest") sort = domain::SortOrder::kNewest;
        else return field(ErrorCode::kInvalid, "sort", "sort must be oldest or newest");
    }
    if (auto c = req.query_param("cursor"); c && !c->empty()) {
        auto cursor = domain::decode_cursor(*c);
        if (!cursor) return cursor.error();
        if (sort && *sort != cursor->order)
            return field(ErrorCode::kInvalid, "cursor", "the cursor belongs to the other sort order");
        sort = cursor->order;
        q.after_id = cursor->after_id;
    }
    q.order = sort.value_or(domain::SortOrder::kOldest);
    if (auto status = req.query_param("status")) {
        if (!who.viewer.is_staff()) {
            if (!who.credentials)
                return make_error(ErrorCode::kUnauthenticated, "Authentication required",
                                  "status filters are for moderators");
            return make_error(ErrorCode::kForbidden, "Moderators only", "status filters are for moderators");
        }
        if (*status == "pending") q.filter = store::StatusFilter::kPending;
        else if (*status == "rejected") q.filter = store::StatusFilter::kRejected;
        else if (*status == "spam") q.filter = store::StatusFilter::kSpam;
        else if (*status == "all") q.filter = store::StatusFilter::kAll;
        else if (*status == "approved") q.filter = store::StatusFilter::kDefault;
        else return field(ErrorCode::kInvalid, "status", "status must be pending, rejected, spam or all");
    }
    return q;
}

}  // namespace tribune::http
