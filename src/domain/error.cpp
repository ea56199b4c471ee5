#include "domain/error.hpp"

#include <stdexcept>

namespace tribune::domain {

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    throw std::logic_error("unchecked Result error at " + std::string(loc.file_name()) + ":" +
                           std::to_string(loc.line()) + ": " + e.title + ": " + e.message);
}

}  // namespace tribune::domain
