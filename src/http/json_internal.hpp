#pragma once
// Boost.JSON pieces shared by the two codec translation units (json_codec.cpp and
// moderation_codec.cpp). Include nowhere else: Boost.JSON is heavy to compile.

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "service/records_json_object.hpp"

namespace tribune::http {

using service::ban_object;
using service::comment_object;
using service::edits_array;
using service::policy_object;
using service::report_object;
using service::staff_comment_object;
using service::thread_policy_object;
using service::user_object;

domain::Error malformed(std::string message);
domain::Error wrong_type(const std::string& field, const std::string& what);
/// The body as a JSON object (depth at most 16). Errors: kMalformed.
domain::Result<boost::json::object> parse_object(std::string_view body);
/// o[field] as a string. Errors: kInvalid when missing, null or not a string.
domain::Result<std::string> required_string(const boost::json::object& o, const std::string& field);

}  // namespace tribune::http
