// HTML pages in: the page's text as blocks, with structure hints for the structure stage.
//
//   Document doc = ReadHtml(bytes, "pages/a.html");                       // a file
//   Document doc = ReadHtml(body, record_id, "text/html; charset=gbk");  // an HTTP response
//
// The bytes are converted to UTF-8 (see charset.h) and parsed by libxml2's HTML
// parser with recovery, without network access, external entities or a DTD, its error
// printing off (errors are counted in Document::parse_errors). The parser's events are
// walked with an explicit stack, never by recursion, and XML_PARSE_HUGE lifts libxml2's
// nesting limit of 256, so a page of 100,000 nested elements is read to its end.
//
// What becomes a block, as a browser would render the text:
// - block-level elements (p, div, h1-h6, li, tr, blockquote, section...) start new
//   blocks; a paragraph-like element leaves a blank line (blank_before = 1), a list item,
//   table row or <br> a line break;
// - white space collapses to one space, as in the browser; inline elements that touch
//   are joined without a space ("<b>Hel</b>lo" -> "Hello"); entities are decoded;
// - table cells of a row are joined with a tab: it is what a browser's innerText gives,
//   it is white space to every downstream tokenizer, and unlike " | " it does not make a
//   data table look like a menu to the text stages;
// - <pre> keeps its white space: each of its lines is a block;
// - script, style, template, svg, math, iframe, object, canvas, ruby annotations (rt,
//   rp), form controls (input, select, textarea, button, option) and hidden elements (the
//   hidden attribute, aria-hidden="true", inline display:none or visibility:hidden) are
//   dropped; <noscript> is read as a browser without scripting shows it (it is often the
//   only copy of a script-rendered post), its "enable JavaScript" notes left to the stages.
// The page title: an <h1> stays where it is; a page without one gets its <title> as
// the first block (without a short site name after " | ", " - "...), unless a heading
// of the page already says it.
//
// Thread-safe. Throws InputError on a binary file (a NUL byte in the first KiB, outside
// UTF-16/32); a stray NUL further on is dropped.
#ifndef BOILERSTRIP_FORMATS_HTML_H_
#define BOILERSTRIP_FORMATS_HTML_H_

#include <string>
#include <string_view>

#include "pipeline/document.h"

namespace boilerstrip {

// Reads the page in |bytes|. |content_type| is the HTTP Content-Type header's value
// when the page came with one ("" otherwise): its charset comes before the page's own.
// |encoding| (--input-encoding, a KnownCharset name) comes before both.
Document ReadHtml(std::string_view bytes, std::string id, std::string_view content_type = {},
                  std::string_view encoding = {});

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_HTML_H_
