#pragma once
// The Prometheus text exposition format, version 0.0.4: "# HELP" and "# TYPE" per family, then
// one line per sample, `name{label="value",...} number`. Label values and help texts are escaped.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "metrics/histogram.hpp"

namespace tribune::metrics {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

struct Label {
    std::string_view name;
    std::string_view value;
};

using Labels = std::initializer_list<Label>;

/// `\` -> `\\`, `"` -> `\"`, newline -> `\n` (what a label value may not hold raw).
std::string escape_label_value(std::string_view value);

/// `\` -> `\\`, newline -> `\n` (a HELP text).
std::string escape_help(std::string_view help);

/// A number as the format writes it: shortest round-trip form, "+Inf", "-Inf" or "NaN".
std::string format_number(double value);

class TextWriter {
public:
    /// Starts a family. `type`: "counter" (its name ends in _total), "gauge" or "histogram".
    void family(std::string_view name, std::string_view type, std::string_view help);

    void sample(std::string_view name, Labels labels, std::uint64_t value);
    void sample(std::string_view name, Labels labels, std::int64_t value);
    void sample(std::string_view name, Labels labels, double value);

    /// A histogram's series: name_bucket{...,le="..."} (cumulative, ending in +Inf), name_sum
    /// (in exposed units) and name_count.
    void histogram(std::string_view name, Labels labels, const HistogramSnapshot& h);

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void series(std::string_view name, std::string_view suffix, Labels labels, const Label* extra);
    std::string out_;
};

}  // namespace tribune::metrics
