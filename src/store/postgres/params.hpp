#pragma once
// Parameters of one statement execution, in libpq's text format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::store::postgres {

/// Values for $1, $2, ... in the order added; an empty optional is SQL NULL. Values travel as
/// parameters, never inside SQL text.
class Params {
public:
    Params& add(std::string_view text);
    Params& add(std::int64_t n);
    Params& add(std::optional<std::int64_t> n);

    int size() const { return static_cast<int>(values_.size()); }

    /// One pointer per parameter (null for NULL), valid while this object is unchanged.
    std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> values_;
};

/// A PostgreSQL array literal ("{1,2,3}") for a bigint[] parameter.
std::string int64_array(const std::vector<std::int64_t>& values);

/// A PostgreSQL array literal ({"a","b\"c"}) for a text[] parameter; every element quoted.
std::string text_array(const std::vector<std::string>& values);

}  // namespace tribune::store::postgres
