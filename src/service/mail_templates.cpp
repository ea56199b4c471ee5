#include "service/mail_templates.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "service/mail_template_files.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::uintmax_t kMaxTemplateFileBytes = 256 * 1024;

std::optional<std::string_view> default_file(std::string_view name) {
    for (const auto& f : default_mail_template_files())
        if (f.name == name) return f.bytes;
    return std::nullopt;
}

// The file's bytes; nullopt when it does not exist. Errors: unreadable or too large.
domain::Result<std::optional<std::string>> read_override(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<std::string>{};
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(ErrorCode::kInvalid, "Unreadable mail template", path.string() + ": " + ec.message());
    if (size > kMaxTemplateFileBytes)
        return make_error(ErrorCode::kInvalid, "Mail template too large", path.string() + " is over 256 KiB");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) return make_error(ErrorCode::kInvalid, "Unreadable mail template", path.string());
    return std::optional<std::string>{bytes.str()};
}

}  // namespace

const std::vector<MailTemplateSpec>& mail_template_specs() {
    static const std::vector<MailTemplateSpec> specs{
        {"confirm", {"site_name", "site_url", "confirm_link"}},  // no name: whoever posted chose it
        {"reply",
         {"site_name", "site_url", "reader_name", "reply_author", "reply_text", "comment_text", "link",
          "unsubscribe_thread_link", "unsubscribe_all_link"}},
        {"staff_reply",
         {"site_name", "site_url", "reader_name", "reply_author", "reply_text", "comment_text", "link",
          "unsubscribe_thread_link", "unsubscribe_all_link"}},
        {"approved", {"site_name", "site_url", "reader_name", "comment_text", "link", "unsubscribe_all_link"}},
        {"reader_digest", {"site_name", "site_url", "reader_name", "count", "items", "unsubscribe_all_link"}},
        {"moderation",
         {"site_name", "site_url", "staff_name", "what", "author_name", "comment_text", "page", "desk_link",
          "settings_link"}},
        {"moderation_digest",
         {"site_name", "site_url", "staff_name", "pending_count", "reported_count", "desk_link", "settings_link"}},
        {"webhook_disabled", {"site_name", "site_url", "staff_name", "endpoint_url", "reason", "desk_link"}},
        {"sign_in_link", {"site_name", "site_url", "sign_in_link"}},
    };
    return specs;
}

domain::Result<MailTemplates> MailTemplates::load(const std::string& dir) {
    MailTemplates out;
    for (const auto& spec : mail_template_specs()) {
        const std::string txt_name = std::string(spec.name) + ".txt";
        const std::string html_name = std::string(spec.name) + ".html";
        std::string txt;
        std::string html;
        std::string origin = "the built-in " + std::string(spec.name) + " template";
        std::optional<std::string> txt_override;
        std::optional<std::string> html_override;
        if (!dir.empty()) {
            auto t = read_override(std::filesystem::path(dir) / txt_name);
            if (!t) return t.error();
            auto h = read_override(std::filesystem::path(dir) / html_name);
            if (!h) return h.error();
            txt_override = std::move(*t);
            html_override = std::move(*h);
            if (txt_override.has_value() != html_override.has_value())
                return make_error(ErrorCode::kInvalid, "Incomplete mail template",
                                  dir + ": " + std::string(spec.name) + " needs both " + txt_name + " and " + html_name);
        }
        if (txt_override) {
            txt = std::move(*txt_override);
            html = std::move(*html_override);
            origin = dir + "/" + txt_name + " and " + html_name;
        } else {
            auto t = default_file(txt_name);
            auto h = default_file(html_name);
            if (!t || !h) throw std::logic_error("the built-in mail template " + txt_name + " is missing");
            txt = std::string(*t);
            html = std::string(*h);
        }
        std::string error;
        auto parsed = render::parse_mail_template(txt, html, spec.placeholders, error);
        if (!parsed) return make_error(ErrorCode::kInvalid, "Bad mail template", origin + ": " + error);
        out.templates_.emplace(std::string(spec.name), std::move(*parsed));
    }
    return out;
}

const render::MailTemplate& MailTemplates::get(std::string_view name) const {
    auto it = templates_.find(name);
    if (it == templates_.end()) throw std::out_of_range("no mail template " + std::string(name));
    return it->second;
}

}  // namespace tribune::service
