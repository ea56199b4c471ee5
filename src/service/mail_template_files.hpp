#pragma once
// The default mail templates compiled into the binary (cmake/embed_mail_templates.cmake).

#include <string_view>
#include <vector>

namespace tribune::service {

struct MailTemplateFile {
    std::string_view name;   // "reply.txt", "reply.html"
    std::string_view bytes;
};

const std::vector<MailTemplateFile>& default_mail_template_files();

}  // namespace tribune::service
