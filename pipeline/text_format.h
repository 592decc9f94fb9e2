// Plain text in and out: one block per non-blank line.
#ifndef BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_
#define BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_

#include <string>
#include <string_view>

#include "pipeline/document.h"

namespace boilerstrip {

// How a page's bytes are read when they are not UTF-8. Records (JSONL, WET) are UTF-8
// by their format and leave both off; text files detect.
struct TextDecoding {
  bool detect = false;  // ask ICU's detector (formats/charset.h), taking only a sure guess
  std::string forced;   // --input-encoding: this charset (a KnownCharset name), whatever the bytes
  // The bytes are known to be valid UTF-8 (a string simdjson unescaped): not checked again.
  bool valid_utf8 = false;
};

// Splits |bytes| into blocks: LF, CRLF and CR end lines; a UTF-8 BOM is skipped; text
// that begins with a UTF-16 byte order mark (FF FE, FE FF) is converted to UTF-8 first,
// ill-formed units counted in invalid_utf8; text without a BOM is converted from a
// legacy charset as |decoding| says, doc.charset naming it; lines of white space only
// (NBSP, U+3000 ...) are blank lines. Throws InputError on a NUL byte (a binary file).
// Other bytes are kept as they are; the normalize stage repairs ill-formed UTF-8.
Document ReadText(std::string_view bytes, std::string id, const TextDecoding& decoding = {});

// The kept lines in order: one blank line between two kept lines where the source had
// at least one, a newline otherwise; continuations joined onto their line; one final
// newline; "" when nothing is kept.
std::string RenderText(const Document& doc);

// Appends one line per removed block, "<label>:<line>  <stage>/<rule>  <text>", and one
// per block joined onto the line before it, "<label>:<line>  rejoin/joined  <text>".
void AppendExplanation(const Document& doc, std::string_view label, std::string* out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_
