#pragma once
// Whole HTML documents. Every string that came from a reader or the database is escaped.

#include <string>

#include "render/views.hpp"

namespace tribune::render {

std::string article_list_page(const ArticleListView& v);
std::string article_page(const ArticleView& v);
std::string replies_page(const RepliesView& v);
std::string error_page(const ErrorView& v);
std::string mail_link_page(const MailLinkView& v);

}  // namespace tribune::render
