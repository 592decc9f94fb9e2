// Finding an HTML page's charset and converting it to UTF-8 with ICU.
//
// Order, as browsers do: a byte order mark, the HTTP Content-Type charset, a <meta
// charset> or <meta http-equiv="Content-Type"> in the first 4 KiB, then ICU's charset
// detector. A declaration is not trusted blindly: bytes that are valid UTF-8 (with
// non-ASCII in them) are UTF-8 whatever the page declares (the common "UTF-8 page
// labelled iso-8859-1" case), and a page declared UTF-8 that is not valid UTF-8 is
// detected instead, unless it is UTF-8 with a few damaged bytes.
//
//   std::string charset;
//   std::string utf8 = HtmlToUtf8(bytes, "text/html; charset=windows-1251", &charset);
//
// Thread-safe.
#ifndef BOILERSTRIP_FORMATS_HTML_CHARSET_H_
#define BOILERSTRIP_FORMATS_HTML_CHARSET_H_

#include <optional>
#include <string>
#include <string_view>

namespace boilerstrip {

// The charset parameter of an HTTP Content-Type value, lower-cased and unquoted
// ("text/html; Charset=\"UTF-8\"" -> "utf-8"); "" if it has none.
std::string CharsetOfContentType(std::string_view content_type);

// The charset a <meta> tag in |head| declares (lower-cased), or "".
std::string MetaCharset(std::string_view head);

// |bytes| converted to UTF-8, without a BOM. Sets |*charset| (if not null) to the
// charset used ("utf-8", "windows-1251", ...). The result may still hold ill-formed
// UTF-8 where a UTF-8 page had damaged bytes; the caller repairs them. Characters a
// legacy charset cannot map become U+FFFD.
std::string HtmlToUtf8(std::string_view bytes, std::string_view content_type, std::string* charset);

// As HtmlToUtf8, but nothing (no copy) when |bytes| can be read as they are: valid
// UTF-8 without a BOM, in an ASCII-compatible charset.
std::optional<std::string> ConvertHtmlToUtf8(std::string_view bytes, std::string_view content_type,
                                             std::string* charset);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_FORMATS_HTML_CHARSET_H_
