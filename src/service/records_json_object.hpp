#pragma once
// The Boost.JSON objects behind records_json.hpp, for the codecs that embed them in larger
// answers (http/json_codec.cpp, http/moderation_codec.cpp). Include nowhere else: Boost.JSON
// is heavy to compile.

#include <boost/json.hpp>

#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/moderation.hpp"
#include "domain/policy.hpp"

namespace tribune::service {

/// A Comment (docs/openapi.yaml, components/schemas) without its replies.
boost::json::object comment_object(const domain::Comment& c);
/// What staff see of a comment: the public fields and the moderation ones.
boost::json::object staff_comment_object(const domain::Comment& c);
boost::json::object ban_object(const domain::Ban& b);
boost::json::object user_object(const domain::User& u);
boost::json::object policy_object(const domain::InstallPolicy& p);
boost::json::object thread_policy_object(const domain::ThreadPolicy& p);
boost::json::object report_object(const domain::Report& r);
/// An Article (docs/openapi.yaml) without what the reader's side adds (body_html, comments).
boost::json::object article_object(const domain::Article& a);
boost::json::array edits_array(const std::vector<domain::CommentEdit>& edits);

}  // namespace tribune::service
