// Finding a page's charset and converting it to UTF-8 with ICU.
//
// HTML pages. Order, as browsers do: a byte order mark, the HTTP Content-Type charset, a <meta
// charset> or <meta http-equiv="Content-Type"> in the first 4 KiB, then ICU's charset
// detector. A declaration is not trusted blindly: bytes that are valid UTF-8 (with
// non-ASCII in them) are UTF-8 whatever the page declares (the common "UTF-8 page
// labelled iso-8859-1" case), and a page declared UTF-8 that is not valid UTF-8 is
// detected instead, unless it is UTF-8 with a few damaged bytes.
//
//   std::string charset;
//   std::string utf8 = HtmlToUtf8(bytes, "text/html; charset=windows-1251", &charset);
//
// Plain-text pages have no declaration: valid UTF-8 is UTF-8, and anything else is
// converted only when ICU's detector is sure of its guess (ConvertTextToUtf8).
//
// Thread-safe.
#ifndef BOILERSTRIP_FORMATS_CHARSET_H_
#define BOILERSTRIP_FORMATS_CHARSET_H_

#include <optional>
#include <string>
#include <string_view>

namespace boilerstrip {

// The charset parameter of an HTTP Content-Type value, lower-cased and unquoted
// ("text/html; Charset=\"UTF-8\"" -> "utf-8"); "" if it has none.
std::string CharsetOfContentType(std::string_view content_type);

// The charset a <meta> tag in |head| declares (lower-cased), or "".
std::string MetaCharset(std::string_view head);

// The ICU name for charset label |label| as browsers read it ("Latin1" ->
// "windows-1252", "shift_jis" -> "windows-31j", "UTF8" -> "utf-8"), or "" when ICU has
// no converter for it.
std::string KnownCharset(std::string_view label);

// Whether |charset| (a KnownCharset name) reads printable ASCII, tabs and line ends as
// ASCII: false for UTF-16 and UTF-32, whose text has NUL bytes, and for EBCDIC, which
// the detector can name for odd bytes.
bool AsciiCompatibleCharset(const std::string& charset);

// |bytes| converted to UTF-8, without a BOM. Sets |*charset| (if not null) to the
// charset used ("utf-8", "windows-1251", ...). The result may still hold ill-formed
// UTF-8 where a UTF-8 page had damaged bytes; the caller repairs them. Characters a
// legacy charset cannot map become U+FFFD.
std::string HtmlToUtf8(std::string_view bytes, std::string_view content_type, std::string* charset);

// As HtmlToUtf8, but nothing (no copy) when |bytes| can be read as they are: valid
// UTF-8 without a BOM, in an ASCII-compatible charset. A |forced| charset (a KnownCharset
// name, --input-encoding) replaces every declaration and guess; only a BOM beats it.
std::optional<std::string> ConvertHtmlToUtf8(std::string_view bytes, std::string_view content_type,
                                             std::string* charset, std::string_view forced = {});

// A plain-text page (no BOM) as UTF-8, or nothing when its bytes are to be read as they
// are: valid UTF-8 (never reinterpreted), UTF-8 with a few damaged bytes, or a page ICU
// cannot place with confidence. In those cases the caller repairs ill-formed bytes as
// U+FFFD. A |forced| charset (a KnownCharset name other than utf-8) is used whatever
// the bytes. Sets |*charset| to the charset converted from, "" when nothing was.
// Throws InputError if |bytes| is too large for ICU's converter (over 512 MiB).
std::optional<std::string> ConvertTextToUtf8(std::string_view bytes, std::string_view forced, std::string* charset);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_CHARSET_H_
