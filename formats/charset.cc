#include "formats/charset.h"

#include <algorithm>
#include <array>
#include <memory>

#include <fmt/format.h>
#include <simdjson.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Finds |needle| (lower case) in |hay| ignoring ASCII case, from |from|.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from) {
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The value after "charset=" at |pos| in |s|: unquoted, up to a delimiter.
std::string CharsetValueAt(std::string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < s.size() && !IsSpace(s[end]) && s[end] != '"' && s[end] != '\'' && s[end] != ';' &&
         s[end] != '>' && s[end] != '/' && s[end] != ',')
    ++end;
  return ToLower(s.substr(pos, end - pos));
}

// What browsers actually use for a label (the WHATWG encoding standard maps these to
// their supersets), in ICU's names.
std::string CanonicalCharset(std::string name) {
  struct Alias {
    std::string_view label, charset;
  };
  static constexpr std::array<Alias, 16> kAliases{{
      {"utf8", "utf-8"},
      {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"latin1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"iso-8859-9", "windows-1254"},
      {"tis-620", "windows-874"},
      {"gb2312", "gb18030"},
      {"gbk", "gb18030"},
      {"x-gbk", "gb18030"},
      {"shift_jis", "windows-31j"},
      {"sjis", "windows-31j"},
      {"x-sjis", "windows-31j"},
      {"euc-kr", "windows-949"},
      {"ks_c_5601-1987", "windows-949"},
  }};
  for (const Alias& a : kAliases)
    if (name == a.label) return std::string(a.charset);
  return name;
}

bool IsUtf8Name(std::string_view name) { return name == "utf-8" || name == "utf8"; }

// Whether ICU has a converter for |name|.
bool Known(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name.c_str(), &status);
  if (conv) ucnv_close(conv);
  return U_SUCCESS(status) && status != U_USING_DEFAULT_WARNING;
}

// Charsets whose bytes are not ASCII where the text is: a valid-UTF-8 check says
// nothing about them.
bool AsciiIncompatible(std::string_view name) {
  return name.starts_with("utf-16") || name.starts_with("utf-32") || name.starts_with("iso-2022") ||
         name == "utf-7" || name == "hz-gb-2312";
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Whether |s|, which is not valid UTF-8, is still UTF-8 with a few damaged bytes:
// far more well-formed multi-byte sequences than ill-formed ones.
bool MostlyUtf8(std::string_view s) {
  size_t good = 0, bad = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    int k = 1;
    while (len && k < len && i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80) ++k;
    if (len && k == len) {
      ++good;
      i += len;
    } else {
      ++bad;
      ++i;
    }
  }
  return good >= 4 * bad;
}

struct Guess {
  std::string charset;  // "" when ICU has none
  int confidence = 0;   // ICU's 0-100
};

// ICU's guess for |bytes| (markup filtered out).
Guess Detect(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> det(ucsdet_open(&status), ucsdet_close);
  if (U_FAILURE(status)) return {};
  // The detector looks at byte statistics; 64 KiB is plenty and bounds the cost.
  int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), 64 << 10));
  ucsdet_enableInputFilter(det.get(), true);
  ucsdet_setText(det.get(), bytes.data(), len, &status);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &status);
  if (U_FAILURE(status) || !match) return {};
  const char* name = ucsdet_getName(match, &status);
  int confidence = ucsdet_getConfidence(match, &status);
  if (U_FAILURE(status) || !name) return {};
  return {CanonicalCharset(ToLower(name)), confidence};
}

std::string Convert(std::string_view bytes, const std::string& charset) {
  // ICU counts in int32_t, and the output may be three times the input.
  if (bytes.size() > size_t{512} << 20)
    throw InputError(fmt::format("page longer than {} bytes cannot be converted from {}", size_t{512} << 20, charset));
  UErrorCode status = U_ZERO_ERROR;
  // A byte becomes at most three bytes of UTF-8 (a BMP character).
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("utf-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::string(bytes);  // unreachable for a known charset
  out.resize(n);
  if (out.starts_with("\xEF\xBB\xBF")) out.erase(0, 3);
  return out;
}

// The charset a byte order mark names, and its length.
std::pair<std::string_view, size_t> Bom(std::string_view b) {
  if (b.starts_with("\xEF\xBB\xBF")) return {"utf-8", 3};
  if (b.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return {"utf-32le", 4};
  if (b.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return {"utf-32be", 4};
  if (b.starts_with("\xFF\xFE")) return {"utf-16le", 2};
  if (b.starts_with("\xFE\xFF")) return {"utf-16be", 2};
  return {"", 0};
}

// ICU's confidence measures how well the whole text fits a language, ASCII included:
// English with a few damaged bytes scores 55 as windows-1252, while real windows-1251
// Russian of a few hundred bytes scores 30. So a guess is taken only when the non-ASCII
// bytes themselves are evidence: legacy text in a language that needs non-ASCII letters
// has them by the dozen and in at least 1% of its bytes (German about 1.5%, Polish 6%,
// Russian 50%), damaged UTF-8 in ASCII text a handful.
constexpr size_t kMinNonAscii = 8;
constexpr size_t kMinNonAsciiPercent = 1;
// Below this (0-100) ICU is guessing blindly: random bytes score under 10.
constexpr int kMinConfidence = 20;

bool Decisive(std::string_view bytes) {
  size_t n = std::min<size_t>(bytes.size(), 64 << 10);
  auto high = static_cast<size_t>(std::count_if(bytes.begin(), bytes.begin() + n, [](char c) {
    return static_cast<unsigned char>(c) >= 0x80;
  }));
  return high >= kMinNonAscii && high * 100 >= n * kMinNonAsciiPercent;
}

}  // namespace

std::string CharsetOfContentType(std::string_view content_type) {
  size_t pos = FindNoCase(content_type, "charset", 0);
  while (pos != std::string_view::npos) {
    size_t i = pos + 7;
    while (i < content_type.size() && IsSpace(content_type[i])) ++i;
    if (i < content_type.size() && content_type[i] == '=') return CharsetValueAt(content_type, i + 1);
    pos = FindNoCase(content_type, "charset", pos + 7);
  }
  return "";
}

std::string MetaCharset(std::string_view head) {
  for (size_t pos = FindNoCase(head, "<meta", 0); pos != std::string_view::npos;
       pos = FindNoCase(head, "<meta", pos + 5)) {
    size_t end = head.find('>', pos);
    if (end == std::string_view::npos) end = head.size();
    // Both <meta charset="x"> and <meta http-equiv=... content="text/html; charset=x">.
    std::string found = CharsetOfContentType(head.substr(pos + 5, end - pos - 5));
    if (!found.empty()) return found;
  }
  return "";
}

bool AsciiCompatibleCharset(const std::string& charset) {
  std::string probe;
  for (char c = ' '; c < 0x7F; ++c) probe.push_back(c);
  probe += "\t\r\n";
  UErrorCode status = U_ZERO_ERROR;
  std::string out(probe.size() * 4, '\0');
  int32_t n = ucnv_convert("utf-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()), probe.data(),
                           static_cast<int32_t>(probe.size()), &status);
  return U_SUCCESS(status) && std::string_view(out.data(), n) == probe;
}

std::string KnownCharset(std::string_view label) {
  std::string name = CanonicalCharset(ToLower(label));
  return Known(name) ? name : "";
}

std::string HtmlToUtf8(std::string_view bytes, std::string_view content_type, std::string* charset) {
  std::optional<std::string> converted = ConvertHtmlToUtf8(bytes, content_type, charset);
  return converted ? std::move(*converted) : std::string(bytes);
}

std::optional<std::string> ConvertHtmlToUtf8(std::string_view bytes, std::string_view content_type,
                                             std::string* charset, std::string_view forced) {
  std::string dummy;
  std::string& used = charset ? *charset : dummy;
  auto [bom, bom_len] = Bom(bytes);
  if (!bom.empty()) {
    used = bom;
    return bom == "utf-8" ? std::string(bytes.substr(3)) : Convert(bytes.substr(bom_len), used);
  }
  if (!forced.empty()) {
    used = forced;
    if (IsUtf8Name(forced)) return std::nullopt;  // the caller repairs damaged bytes
    return Convert(bytes, used);
  }
  std::string declared = CanonicalCharset(CharsetOfContentType(content_type));
  if (declared.empty() || !Known(declared))
    declared = CanonicalCharset(MetaCharset(bytes.substr(0, 4096)));
  if (!declared.empty() && !Known(declared)) declared.clear();
  // utf-16 declared in a <meta> of an ASCII-readable page is a lie (WHATWG says so too).
  if (!declared.empty() && AsciiIncompatible(declared) && !declared.starts_with("iso-2022") &&
      content_type.empty())
    declared.clear();
  if (!declared.empty() && AsciiIncompatible(declared)) {
    used = declared;
    return Convert(bytes, used);
  }
  if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
    // Pure ASCII reads the same in every ASCII-compatible charset: report the label.
    used = HasNonAscii(bytes) || declared.empty() ? "utf-8" : declared;
    return std::nullopt;
  }
  if (!declared.empty() && !IsUtf8Name(declared)) {
    used = declared;
    return Convert(bytes, used);
  }
  if ((IsUtf8Name(declared) || declared.empty()) && MostlyUtf8(bytes)) {
    used = "utf-8";
    return std::string(bytes);
  }
  used = Detect(bytes).charset;
  if (used.empty() || !Known(used) || IsUtf8Name(used)) used = "windows-1252";
  return Convert(bytes, used);
}

std::optional<std::string> ConvertTextToUtf8(std::string_view bytes, std::string_view forced, std::string* charset) {
  charset->clear();
  if (!forced.empty()) {
    if (IsUtf8Name(forced)) return std::nullopt;
    *charset = forced;
    return Convert(bytes, *charset);
  }
  if (simdjson::validate_utf8(bytes.data(), bytes.size()) || MostlyUtf8(bytes)) return std::nullopt;
  if (!Decisive(bytes)) return std::nullopt;
  Guess guess = Detect(bytes);
  if (guess.confidence < kMinConfidence || guess.charset.empty() || IsUtf8Name(guess.charset) ||
      !Known(guess.charset) || !AsciiCompatibleCharset(guess.charset))
    return std::nullopt;
  *charset = guess.charset;
  return Convert(bytes, *charset);
}

}  // namespace boilerstrip
