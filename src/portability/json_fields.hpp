#pragma once
// Reading the fields of other systems' JSON records leniently: a field that is missing or of
// another type reads as empty (the importer then skips or defaults, and says so in its report).
// Included only by the JSON importers' .cpp files (Boost.JSON is heavy).

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace tribune::portability::json_fields {

inline std::string text_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline bool flag_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_bool() && v->get_bool();
}

inline const boost::json::object* object_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

inline const boost::json::array* array_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_array() ? &v->get_array() : nullptr;
}

}  // namespace tribune::portability::json_fields
