#pragma once
// The loop every streaming XML importer runs (disqus_reader, wxr_reader): an expat parser that
// names elements "namespace-uri|local", fed the file in pieces until the end or until a handler
// says stop. Only the readers include this (and so expat).

#include <expat.h>

#include <istream>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "domain/error.hpp"

namespace tribune::portability {

using XmlParser = std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)>;

/// A namespace-aware parser (names "uri|local"); empty when out of memory.
XmlParser make_xml_parser();

/// Feeds `in` to `parser` in 64 KiB pieces. Stops at the end, or as soon as `failure` holds an
/// error (set by a handler), which it then returns. Errors: that failure; kMalformed titled
/// `not_a` ("Not a Disqus export") with the line, for XML that is not well formed;
/// kUnavailable when reading fails.
domain::Result<void> feed_xml(std::istream& in, XML_Parser parser, const std::optional<domain::Error>& failure,
                              std::string_view not_a);

/// Hands `parser`'s events to `reader`: reader.start(NameOf(name), attributes),
/// reader.end(NameOf(name)) and reader.text(characters), where NameOf is how the reader reads an
/// element's "uri|local" name.
template <auto NameOf, class Reader>
void attach_xml_reader(XML_Parser parser, Reader& reader) {
    XML_SetUserData(parser, &reader);
    XML_SetElementHandler(
        parser,
        [](void* self, const XML_Char* name, const XML_Char** attributes) {
            static_cast<Reader*>(self)->start(NameOf(name), attributes);
        },
        [](void* self, const XML_Char* name) { static_cast<Reader*>(self)->end(NameOf(name)); });
    XML_SetCharacterDataHandler(parser, [](void* self, const XML_Char* s, int len) {
        static_cast<Reader*>(self)->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
}

/// `s` without the XML white space (space, tab, CR, LF) around it.
std::string xml_trimmed(std::string s);

}  // namespace tribune::portability
