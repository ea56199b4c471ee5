#include "store/postgres/params.hpp"

namespace tribune::store::postgres {

Params& Params::add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
}

Params& Params::add(std::int64_t n) {
    values_.emplace_back(std::to_string(n));
    return *this;
}

Params& Params::add(std::optional<std::int64_t> n) {
    if (!n) {
        values_.emplace_back(std::nullopt);
        return *this;
    }
    return add(*n);
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
}

std::string int64_array(const std::vector<std::int64_t>& values) {
    std::string s("{");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) s += ',';
        s += std::to_string(values[i]);
    }
    s += '}';
    return s;
}

std::string text_array(const std::vector<std::string>& values) {
    std::string s("{");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) s += ',';
        s += '"';
        for (char ch : values[i]) {
            // Inside a quoted element only the quote and the backslash need escaping.
            if (ch == '"' || ch == '\\') s += '\\';
            s += ch;
        }
        s += '"';
    }
    s += '}';
    return s;
}

}  // namespace tribune::store::postgres
