#pragma once
// JSON text that may sit inside an HTML <script> element (the JSON-LD of article pages). A
// string from the database must neither end the element (`</script>`), nor open a comment
// (`<!--`), nor break a JavaScript reader (U+2028, U+2029): such characters are written as
// \uXXXX escapes, which every JSON parser reads back as the same text.

#include <string>
#include <string_view>

namespace tribune::render {

/// Appends `s` as a quoted JSON string: `"` `\` and control characters escaped as JSON
/// requires, and `<` `>` `&` U+2028 U+2029 as \u003c \u003e \u0026 \u2028 \u2029. Other bytes
/// pass as they are (the text is UTF-8). Thread-safe.
void append_script_json_string(std::string& out, std::string_view s);

}  // namespace tribune::render
