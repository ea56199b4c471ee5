// tribune: the command line (docs/architecture.md, Where does X live: the CLI commands).
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <iostream>
#include <map>

#include "app/article_commands.hpp"
#include "app/backup_commands.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/export_command.hpp"
#include "app/import_command.hpp"
#include "app/logging.hpp"
#include "app/mail_command.hpp"
#include "app/serve.hpp"

namespace {

// Every setting is a flag on every subcommand that touches the store: --name-with-dashes.
void add_setting_flags(CLI::App& cmd, std::map<std::string, std::string>& flags) {
    cmd.add_option_function<std::string>(
        "--config", [&flags](const std::string& v) { flags["config"] = v; }, "TOML configuration file");
    for (const auto& s : tribune::app::settings()) {
        std::string flag = "--";
        for (char c : s.name) flag += c == '_' ? '-' : c;
        const std::string name = s.name;
        cmd.add_option_function<std::string>(flag, [&flags, name](const std::string& v) { flags[name] = v; }, s.help);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Tribune: news publishing and live discussion server"};
    app.require_subcommand(1);
    std::map<std::string, std::string> flags;

    auto* serve = app.add_subcommand("serve", "serve the site and its API");
    add_setting_flags(*serve, flags);
    auto* migrate = app.add_subcommand("migrate", "bring the store's schema up to date");
    add_setting_flags(*migrate, flags);
    auto* check = app.add_subcommand("check", "check the SQLite store for damage (read-only; safe while serving)");
    add_setting_flags(*check, flags);
    auto* migrate_store_cmd =
        app.add_subcommand("migrate-store", "copy a whole store to another (SQLite <-> PostgreSQL)");
    std::string from_url, to_url;
    bool force = false;
    migrate_store_cmd->add_option("--from", from_url, "database URL to copy from (only read)")->required();
    migrate_store_cmd->add_option("--to", to_url, "database URL to copy into (must be empty)")->required();
    migrate_store_cmd->add_flag("--force", force, "replace what the target holds");
    auto* comment = app.add_subcommand("comment", "moderate one comment");
    std::string action, id;
    comment->add_option("action", action, "approve, reject or spam")
        ->required()
        ->check(CLI::IsMember({"approve", "reject", "spam"}));
    comment->add_option("id", id, "the comment's id")->required();
    add_setting_flags(*comment, flags);

    auto* user = app.add_subcommand("user", "manage accounts");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "create an account; the password is read from stdin");
    std::string email, name, role;
    user_add->add_option("--email", email, "the login email")->required();
    user_add->add_option("--name", name, "the name shown on comments and in the audit log")->required();
    user_add->add_option("--role", role, "reader, author, editor, moderator or admin")
        ->required()
        ->check(CLI::IsMember({"reader", "author", "editor", "moderator", "admin"}));
    add_setting_flags(*user_add, flags);

    auto* article = app.add_subcommand("article", "publish and manage articles");
    article->require_subcommand(1);
    auto* article_publish = article->add_subcommand("publish", "publish a Markdown file; the same slug again updates it");
    std::string article_file, article_status = "published", article_slug;
    article_publish->add_option("file", article_file, "the article: front matter, then Markdown")->required();
    add_setting_flags(*article_publish, flags);
    auto* article_list = article->add_subcommand("list", "list articles, newest first");
    article_list->add_option("--status", article_status, "draft, scheduled, published, unpublished or all");
    add_setting_flags(*article_list, flags);
    auto* article_unpublish = article->add_subcommand("unpublish", "take an article off the site (410 from now on)");
    article_unpublish->add_option("slug", article_slug, "the article's slug")->required();
    add_setting_flags(*article_unpublish, flags);
    std::string backup_dest, restore_src;
    auto* backup_cmd = app.add_subcommand("backup", "write a verified backup of the store (safe while serving)");
    backup_cmd->add_option("DEST", backup_dest, "a directory that does not exist yet or is empty")->required();
    add_setting_flags(*backup_cmd, flags);
    auto* restore_cmd = app.add_subcommand("restore", "restore a backup into an empty store");
    restore_cmd->add_option("SRC", restore_src, "a backup directory written by `tribune backup`")->required();
    add_setting_flags(*restore_cmd, flags);

    auto* export_cmd = app.add_subcommand("export", "write the whole store (or its comments in another format) to a file");
    tribune::app::ExportCommandOptions export_options;
    export_cmd->add_option("file", export_options.file, "the file to write (- for stdout)")->required();
    export_cmd->add_option("--format", export_options.format, "tribune (default), disqus or wxr")
        ->check(CLI::IsMember({"tribune", "disqus", "wxr"}));
    export_cmd->add_flag("--with-secrets", export_options.with_secrets, "include password hashes and secret settings");
    add_setting_flags(*export_cmd, flags);
    auto* import_cmd = app.add_subcommand("import", "import another system's export, or Tribune's own into an empty store");
    tribune::app::ImportCommandOptions import_options;
    import_cmd->add_option("format", import_options.format, "disqus, wordpress, remark42, isso, commento or tribune")
        ->required();
    import_cmd->add_option("file", import_options.file, "the file to import (- for stdin)")->required();
    import_cmd->add_flag("--dry-run", import_options.dry_run, "read and check everything, write nothing");
    import_cmd->add_option("--report", import_options.report, "write a JSON report of what was imported here");
    import_cmd->add_option("--page-key", import_options.page_key, "path (default) or url: how a thread's URL names its page")
        ->check(CLI::IsMember({"path", "url"}));
    import_cmd->add_option("--map", import_options.maps, "OLD_PREFIX=NEW_PREFIX: rewrite page keys (repeatable)")
        ->allow_extra_args(false);  // one value each time: a FILE after it stays the FILE
    add_setting_flags(*import_cmd, flags);

    auto* mail = app.add_subcommand("mail", "check the mail settings");
    mail->require_subcommand(1);
    auto* mail_test = mail->add_subcommand("test", "send a test message through the configured SMTP relay");
    std::string mail_to;
    mail_test->add_option("--to", mail_to, "the address to send it to")->required();
    add_setting_flags(*mail_test, flags);

    CLI11_PARSE(app, argc, argv);

    tribune::app::Config config;
    if (auto err = tribune::app::load_config(config, flags)) {
        std::cerr << "tribune: " << *err << "\n";
        return 2;
    }
    tribune::app::setup_logging(config.log_level);
    try {
        if (serve->parsed()) return tribune::app::serve(config);
        if (migrate->parsed()) return tribune::app::migrate(config);
        if (check->parsed()) return tribune::app::check(config);
        if (migrate_store_cmd->parsed()) return tribune::app::migrate_store(from_url, to_url, force);
        if (comment->parsed()) return tribune::app::moderate_comment(config, action, id);
        if (user_add->parsed()) return tribune::app::add_user(config, email, name, role, std::cin);
        if (article_publish->parsed()) return tribune::app::publish_article_file(config, article_file);
        if (article_list->parsed()) return tribune::app::list_articles(config, article_status, std::cout);
        if (article_unpublish->parsed()) return tribune::app::unpublish_article(config, article_slug);
        if (export_cmd->parsed()) return tribune::app::export_store(config, export_options, std::cout, std::cerr);
        if (import_cmd->parsed()) return tribune::app::run_import(config, import_options);
        if (backup_cmd->parsed()) return tribune::app::backup_store(config, backup_dest);
        if (restore_cmd->parsed()) return tribune::app::restore_store(config, restore_src);
        if (mail_test->parsed()) return tribune::app::mail_test(config, mail_to, std::cout, std::cerr);
    } catch (const std::exception& e) {
        spdlog::critical("fatal error=\"{}\"", e.what());
        tribune::app::flush_logs();
        return 1;
    }
    return 2;
}
