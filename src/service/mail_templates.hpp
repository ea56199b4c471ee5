#pragma once
// The mail templates a node sends with: the defaults compiled in (templates/mail), each replaced
// by a file of the same name in `mail_templates_dir` when there is one. Every template is read
// and checked once, at start: a bad override stops the start with a message naming the file.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "render/mail_template.hpp"

namespace tribune::service {

/// The templates and the placeholders each may use.
struct MailTemplateSpec {
    std::string_view name;
    std::vector<std::string_view> placeholders;
};
const std::vector<MailTemplateSpec>& mail_template_specs();

class MailTemplates {
public:
    /// The defaults, each replaced by `<dir>/<name>.txt` and `.html` where they exist (both files
    /// of a template come from the same place: an override with only one of them is refused).
    /// `dir` "" for the defaults only. Errors: kInvalid naming the file and what is wrong.
    static domain::Result<MailTemplates> load(const std::string& dir);

    /// The template called `name` (one of mail_template_specs()). Throws std::out_of_range for
    /// another name: a bug, not an input.
    const render::MailTemplate& get(std::string_view name) const;

    /// Fills template `name`.
    render::FilledMail fill(std::string_view name, const render::MailValues& values) const {
        return render::fill_mail(get(name), values);
    }

private:
    std::map<std::string, render::MailTemplate, std::less<>> templates_;
};

}  // namespace tribune::service
