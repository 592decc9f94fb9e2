#include "pipeline/text_format.h"

#include <cstring>

#include <fmt/format.h>
#include <unicode/ustring.h>

#include "formats/charset.h"
#include "pipeline/status.h"
#include "pipeline/unicode.h"
#include "stages/rejoin.h"

namespace boilerstrip {
namespace {

// UTF-16 |bytes| (after the byte order mark) as UTF-8. Unpaired surrogates and an odd
// last byte become U+FFFD, counted in |*invalid|.
std::string Utf16ToUtf8(std::string_view bytes, bool big_endian, uint64_t* invalid) {
  std::u16string units(bytes.size() / 2, u'\0');
  for (size_t i = 0; i < units.size(); ++i) {
    auto hi = static_cast<uint8_t>(bytes[2 * i + (big_endian ? 0 : 1)]);
    auto lo = static_cast<uint8_t>(bytes[2 * i + (big_endian ? 1 : 0)]);
    units[i] = static_cast<char16_t>(hi << 8 | lo);
  }
  std::string out(units.size() * 3, '\0');  // a UTF-16 unit takes at most 3 UTF-8 bytes
  int32_t length = 0, substituted = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, units.data(),
                     static_cast<int32_t>(units.size()), 0xFFFD, &substituted, &status);
  if (U_FAILURE(status)) throw InputError(fmt::format("UTF-16 text: {}", u_errorName(status)));
  out.resize(length);
  *invalid += substituted;
  if (bytes.size() % 2) {
    out += "\xEF\xBF\xBD";
    ++*invalid;
  }
  return out;
}

// How many times |c| occurs in |bytes|.
size_t CountByte(std::string_view bytes, char c) {
  size_t n = 0;
  for (const char* p = bytes.data(), *end = p + bytes.size();
       (p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)))) != nullptr; ++p)
    ++n;
  return n;
}

}  // namespace

Document ReadText(std::string_view bytes, std::string id, const TextDecoding& decoding) {
  Document doc;
  doc.id = std::move(id);
  doc.bytes_in = bytes.size();
  // Windows tools write UTF-16 with a byte order mark, which no UTF-8 text begins with.
  bool utf16_bom = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  // A byte order mark says what the text is; only without one is there a charset to find.
  bool decode = !utf16_bom && !bytes.starts_with("\xEF\xBB\xBF") && (decoding.detect || !decoding.forced.empty());
  // A forced charset whose text has NUL bytes (UTF-16 without a BOM) is converted before
  // they make the page look binary; anything else after, so that a binary file is
  // refused before a detector looks at it.
  bool wide = decode && !decoding.forced.empty() && !AsciiCompatibleCharset(decoding.forced);
  std::string converted;
  if (utf16_bom) {
    if (bytes.size() > (size_t{1} << 30)) throw InputError("UTF-16 text longer than 1 GiB, skipped");
    converted = Utf16ToUtf8(bytes.substr(2), bytes[0] == '\xFE', &doc.invalid_utf8);
    bytes = converted;
  } else if (wide) {
    if (auto utf8 = ConvertTextToUtf8(bytes, decoding.forced, &doc.charset)) {
      converted = std::move(*utf8);
      bytes = converted;
    }
  }
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    size_t offset = static_cast<const char*>(nul) - bytes.data();
    throw InputError(fmt::format("binary file (NUL byte at offset {}), skipped", offset));
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  // Lines end at ASCII bytes, so they are all valid if the page is: one check of the
  // page spares normalizing one per line. Valid UTF-8 is UTF-8 unless a charset is
  // forced, which spares the detector its own check of the page.
  doc.valid_utf8 = decoding.valid_utf8 || IsValidUtf8(bytes);
  if (decode && !wide && !(doc.valid_utf8 && decoding.forced.empty())) {
    if (auto utf8 = ConvertTextToUtf8(bytes, decoding.forced, &doc.charset)) {
      converted = std::move(*utf8);
      bytes = converted;
      doc.valid_utf8 = IsValidUtf8(bytes);
    }
  }
  uint32_t line_no = 0, blank = 0;
  size_t pos = 0;
  // CR alone ends a line only in files that use it so; look for it only if present.
  bool has_cr = std::memchr(bytes.data(), '\r', bytes.size()) != nullptr;
  // Room for every line at once: grown line by line, the vector moved its blocks about
  // twice over.
  doc.blocks.reserve(CountByte(bytes, '\n') + 1 + (has_cr ? CountByte(bytes, '\r') : 0));
  while (pos < bytes.size()) {
    size_t end = has_cr ? bytes.find_first_of("\r\n", pos) : bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end;
    if (pos < bytes.size()) pos += (bytes[pos] == '\r' && pos + 1 < bytes.size() && bytes[pos + 1] == '\n') ? 2 : 1;
    ++line_no;
    if (IsBlank(line)) {
      ++blank;
      continue;
    }
    Block b;
    b.text.assign(line);
    b.line = line_no;
    b.blank_before = blank;
    blank = 0;
    doc.blocks.push_back(std::move(b));
  }
  doc.trailing_blank = blank;
  return doc;
}

std::string RenderText(const Document& doc) {
  size_t kept_bytes = 0;
  for (const Block& b : doc.blocks)
    if (b.kept()) kept_bytes += b.text.size() + 2;
  std::string out;
  out.reserve(kept_bytes);
  bool have_line = false, blank_since = false;
  const Block* last = nullptr;
  for (const Block& b : doc.blocks) {
    if (b.blank_before > 0) blank_since = true;
    if (!b.kept()) continue;
    if (b.join_previous && last) {
      if (!JoinsWithoutSpace(last->text, b.text)) out.push_back(' ');
    } else if (have_line) {
      out.append(blank_since ? "\n\n" : "\n");
    }
    out.append(b.text);
    have_line = true;
    blank_since = false;
    last = &b;
  }
  if (have_line) out.push_back('\n');
  return out;
}

void AppendExplanation(const Document& doc, std::string_view label, std::string* out) {
  for (const Block& b : doc.blocks) {
    if (b.kept() && b.join_previous) {
      fmt::format_to(std::back_inserter(*out), "{}:{}  rejoin/joined  {}\n", label, b.line, b.text);
    } else if (!b.kept()) {
      fmt::format_to(std::back_inserter(*out), "{}:{}  {}/{}  {}\n", label, b.line,
                     b.verdict.stage, b.verdict.rule, b.text);
    }
  }
}

}  // namespace boilerstrip
