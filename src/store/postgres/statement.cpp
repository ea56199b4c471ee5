#include "store/postgres/statement.hpp"

#include <atomic>
#include <utility>

namespace tribune::store::postgres {
namespace {

std::size_t next_index() {
    static std::atomic<std::size_t> next{0};
    return next++;
}

}  // namespace

Statement::Statement(std::string sql) : sql_(std::move(sql)), index_(next_index()), name_("tribune_") {
    name_ += std::to_string(index_);
}

}  // namespace tribune::store::postgres
