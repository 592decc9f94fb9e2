// Plain text in and out: one block per non-blank line.
#ifndef BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_
#define BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_

#include <string>
#include <string_view>

#include "pipeline/document.h"

namespace boilerstrip {

// Splits |bytes| into blocks: LF, CRLF and CR end lines; a UTF-8 BOM is skipped; text
// that begins with a UTF-16 byte order mark (FF FE, FE FF) is converted to UTF-8 first,
// ill-formed units counted in invalid_utf8; lines of white space only (NBSP, U+3000 ...)
// are blank lines. Throws InputError on a NUL byte (a binary file). Bytes are kept as
// they are; the normalize stage repairs them.
Document ReadText(std::string_view bytes, std::string id);

// The kept lines in order: one blank line between two kept lines where the source had
// at least one, a newline otherwise; continuations joined onto their line; one final
// newline; "" when nothing is kept.
std::string RenderText(const Document& doc);

// Appends one line per removed block, "<label>:<line>  <stage>/<rule>  <text>", and one
// per block joined onto the line before it, "<label>:<line>  rejoin/joined  <text>".
void AppendExplanation(const Document& doc, std::string_view label, std::string* out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_TEXT_FORMAT_H_
