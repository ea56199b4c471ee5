#include "app/backup_commands.hpp"

#include <iostream>

#include "portability/backup.hpp"
#include "portability/restore.hpp"

namespace tribune::app {

int backup_store(const Config& config, const std::string& dest) {
    portability::BackupOptions options;
    options.store_url = database_url(config);
    options.dest = dest;
    options.now = domain::SystemClock().now();
    return portability::backup(options, std::cout, std::cerr).exit_code;
}

int restore_store(const Config& config, const std::string& src) {
    portability::RestoreOptions options;
    options.store_url = database_url(config);
    options.src = src;
    return portability::restore(options, std::cout, std::cerr);
}

}  // namespace tribune::app
