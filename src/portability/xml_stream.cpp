#include "portability/xml_stream.hpp"

#include <array>
#include <string>

namespace tribune::portability {

XmlParser make_xml_parser() { return XmlParser(XML_ParserCreateNS(nullptr, '|'), XML_ParserFree); }

domain::Result<void> feed_xml(std::istream& in, XML_Parser parser, const std::optional<domain::Error>& failure,
                              std::string_view not_a) {
    std::array<char, 64 * 1024> buffer;
    for (;;) {
        in.read(buffer.data(), buffer.size());
        const auto got = in.gcount();
        const bool last = got < static_cast<std::streamsize>(buffer.size());
        if (XML_Parse(parser, buffer.data(), static_cast<int>(got), last ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
            if (failure) return *failure;
            return domain::make_error(domain::ErrorCode::kMalformed, std::string(not_a),
                                      "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
                                          XML_ErrorString(XML_GetErrorCode(parser)));
        }
        if (failure) {
            XML_StopParser(parser, XML_FALSE);
            return *failure;
        }
        if (last) break;
    }
    if (in.bad()) return domain::make_error(domain::ErrorCode::kUnavailable, "Cannot read the file", "a read failed");
    return {};
}

std::string xml_trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

}  // namespace tribune::portability
