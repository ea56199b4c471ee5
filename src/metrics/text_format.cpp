#include "metrics/text_format.hpp"

#include <charconv>
#include <cmath>

namespace tribune::metrics {

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string escape_help(std::string_view help) {
    std::string out;
    out.reserve(help.size());
    for (const char c : help) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    // Plain decimals where they stay short ("0.0001", not "1e-04"): bucket bounds read as
    // people and other exporters write them.
    const double magnitude = std::fabs(value);
    const bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
    char buf[64];
    auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc{}) return "NaN";
    return std::string(buf, end);
}

namespace {

template <class Int>
std::string integer(Int v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;  // 24 characters hold any 64-bit integer
    return std::string(buf, end);
}

}  // namespace

void TextWriter::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += escape_help(help);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void TextWriter::series(std::string_view name, std::string_view suffix, Labels labels, const Label* extra) {
    out_ += name;
    out_ += suffix;
    if (labels.size() == 0 && !extra) {
        out_ += ' ';
        return;
    }
    out_ += '{';
    bool first = true;
    const auto put = [&](const Label& l) {
        if (!first) out_ += ',';
        first = false;
        out_ += l.name;
        out_ += "=\"";
        out_ += escape_label_value(l.value);
        out_ += '"';
    };
    for (const auto& l : labels) put(l);
    if (extra) put(*extra);
    out_ += "} ";
}

void TextWriter::sample(std::string_view name, Labels labels, std::uint64_t value) {
    series(name, {}, labels, nullptr);
    out_ += integer(value);
    out_ += '\n';
}

void TextWriter::sample(std::string_view name, Labels labels, std::int64_t value) {
    series(name, {}, labels, nullptr);
    out_ += integer(value);
    out_ += '\n';
}

void TextWriter::sample(std::string_view name, Labels labels, double value) {
    series(name, {}, labels, nullptr);
    out_ += format_number(value);
    out_ += '\n';
}

void TextWriter::histogram(std::string_view name, Labels labels, const HistogramSnapshot& h) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
        cumulative += h.buckets[i];
        const std::string le = i < h.bounds.size()
                                   ? format_number(static_cast<double>(h.bounds[i]) / h.units_per_exposed)
                                   : std::string("+Inf");
        const Label extra{"le", le};
        series(name, "_bucket", labels, &extra);
        out_ += integer(cumulative);
        out_ += '\n';
    }
    series(name, "_sum", labels, nullptr);
    out_ += format_number(static_cast<double>(h.sum) / h.units_per_exposed);
    out_ += '\n';
    series(name, "_count", labels, nullptr);
    out_ += integer(cumulative);
    out_ += '\n';
}

}  // namespace tribune::metrics
