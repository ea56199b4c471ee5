#pragma once
// The loop every streaming XML importer runs (disqus_reader, wxr_reader): an expat parser that
// names elements "namespace-uri|local", fed the file in pieces until the end or until a handler
// says stop. Only the readers include this (and so expat).

#include <expat.h>

#include <istream>
#include <memory>
#include <optional>
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

}  // namespace tribune::portability
