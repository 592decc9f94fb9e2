// What the HTML reader needs to know about each element name: how it breaks the text,
// whether its content is dropped, and which semantic container it is.
#ifndef BOILERSTRIP_FORMATS_HTML_TAGS_H_
#define BOILERSTRIP_FORMATS_HTML_TAGS_H_

#include <cstdint>
#include <string_view>

namespace boilerstrip {

enum class TagKind : uint8_t {
  kInline,     // text flows through (a, b, span, unknown elements)
  kParagraph,  // a block of its own, with a blank line around it (p, div, h1, ul...)
  kLine,       // a block of its own on the next line (li, tr, dt, dd)
  kCell,       // a table cell: joined to the row's other cells with a tab
  kBreak,      // <br>: ends the line
  kPre,        // a paragraph whose white space is kept
  kDrop,       // the element and its content are not text (script, svg, input...)
  kTitle,      // <title>: the page title, not a block
};

struct TagInfo {
  std::string_view name;    // static storage: "" for unknown elements
  TagKind kind = TagKind::kInline;
  uint16_t container = 0;   // Container bits (document.h) this element sets
  uint8_t heading = 0;      // 1..6 for h1..h6
};

// The entry for lower-case element name |name|; unknown names are inline.
const TagInfo& LookupTag(std::string_view name);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_HTML_TAGS_H_
