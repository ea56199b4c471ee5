#include "portability/line_reader.hpp"

namespace tribune::portability {

LineReader::Got LineReader::next(std::string& line) {
    line.clear();
    std::streambuf* buf = in_.rdbuf();
    if (!buf) return Got::kReadError;
    newline_ = false;
    bool any = false;
    for (;;) {
        const auto c = buf->sbumpc();
        if (c == std::char_traits<char>::eof()) break;
        any = true;
        if (c == '\n') {
            newline_ = true;
            break;
        }
        if (line.size() >= max_) {
            ++number_;
            return Got::kTooLong;
        }
        line.push_back(static_cast<char>(c));
    }
    if (!any) return in_.bad() ? Got::kReadError : Got::kEnd;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++number_;
    return Got::kLine;
}

}  // namespace tribune::portability
