#include "pipeline/unicode.h"

#include <memory>

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace boilerstrip {
namespace {

const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) abort();
    return p;
  }();
  return *n;
}

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) abort();
    return p;
  }();
  return *n;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

bool IsSpaceLike(UChar32 c) {
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF || c == 0x2060 || c == 0x180E;
}

UScriptCode ScriptOf(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &status);
  return U_FAILURE(status) ? USCRIPT_INVALID_CODE : s;
}

}  // namespace

UChar32 NextCodePoint(std::string_view s, size_t* i) {
  UChar32 c;
  int32_t pos = static_cast<int32_t>(*i);
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

UChar32 PrevCodePoint(std::string_view s, size_t* i) {
  UChar32 c;
  int32_t pos = static_cast<int32_t>(*i);
  U8_PREV(s.data(), 0, pos, c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

std::string RepairUtf8(std::string_view text, uint64_t* replaced) {
  std::string out;
  size_t i = 0, clean_from = 0;
  bool dirty = false;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(text.data(), pos, static_cast<int32_t>(text.size()), c);
    if (c < 0) {
      if (!dirty) out.reserve(text.size() + 8);
      dirty = true;
      out.append(text.substr(clean_from, i - clean_from));
      out.append("\xEF\xBF\xBD");
      ++*replaced;
      clean_from = static_cast<size_t>(pos);
    }
    i = static_cast<size_t>(pos);
  }
  if (!dirty) return std::string(text);
  out.append(text.substr(clean_from));
  return out;
}

std::string ToNfc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  if (Nfc().isNormalizedUTF8(text, status) && U_SUCCESS(status)) return std::string(text);
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
  status = U_ZERO_ERROR;
  Nfc().normalizeUTF8(0, text, sink, nullptr, status);
  return U_SUCCESS(status) ? out : std::string(text);
}

std::string Fold(std::string_view text) {
  std::string folded;
  if (IsAscii(text)) {
    folded.assign(text);
    for (char& c : folded)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    icu::StringByteSink<std::string> sink(&folded, static_cast<int32_t>(text.size()));
    UErrorCode status = U_ZERO_ERROR;
    NfkcCasefold().normalizeUTF8(0, text, sink, nullptr, status);
    if (U_FAILURE(status)) folded.assign(text);
  }
  // Collapse white space in place.
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < folded.size()) {
    size_t start = i;
    UChar32 c = NextCodePoint(folded, &i);
    if (IsSpaceLike(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(folded, start, i - start);
  }
  return out;
}

bool IsBlank(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    if (b < 0x80) {
      if (b != ' ' && b != '\t' && b != '\f' && b != '\v') return false;
      ++i;
      continue;
    }
    UChar32 c;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(line.data(), pos, static_cast<int32_t>(line.size()), c);
    if (c < 0 || !IsSpaceLike(c)) return false;
    i = static_cast<size_t>(pos);
  }
  return true;
}

std::string_view TrimRight(std::string_view text) {
  size_t end = text.size();
  while (end > 0) {
    size_t i = end;
    UChar32 c = PrevCodePoint(text, &i);
    if (!IsSpaceLike(c)) break;
    end = i;
  }
  return text.substr(0, end);
}

bool IsLetterOrDigit(UChar32 c) {
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

std::string_view StripNonAlnum(std::string_view text, bool leading, bool trailing) {
  size_t begin = 0, end = text.size();
  if (leading) {
    while (begin < end) {
      size_t i = begin;
      if (IsLetterOrDigit(NextCodePoint(text, &i))) break;
      begin = i;
    }
  }
  if (trailing) {
    while (end > begin) {
      size_t i = end;
      if (IsLetterOrDigit(PrevCodePoint(text, &i))) break;
      end = i;
    }
  }
  return text.substr(begin, end - begin);
}

bool IsUnspacedScript(UChar32 c) {
  switch (ScriptOf(c)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool IsUnpunctuatedScript(UChar32 c) {
  switch (ScriptOf(c)) {
    case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool IsHanOrKana(UChar32 c) {
  UScriptCode s = ScriptOf(c);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA;
}

bool IsTerminalPunct(UChar32 c) {
  switch (c) {
    case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:
    case 0xFF0E: case 0x0964: case 0x0965: case 0x061F: case 0x0589: case 0x06D4:
    case 0x104B: case 0x1362: case 0x203C: case 0x2049: case 0xFF61:
      return true;
    default:
      return false;
  }
}

bool IsClausePunct(UChar32 c) {
  switch (c) {
    case ',': case ';': case ':': case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0x3001:
    case 0x060C: case 0x061B: case 0x00B7:
      return true;
    default:
      return false;
  }
}

void ForEachWord(std::string_view text, const std::function<void(std::string_view)>& fn) {
  thread_local std::unique_ptr<icu::BreakIterator> breaker;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    UChar32 c = NextCodePoint(text, &i);
    if (!IsLetterOrDigit(c)) continue;
    bool unspaced = IsUnspacedScript(c);
    size_t end = i;
    while (end < text.size()) {
      size_t j = end;
      UChar32 d = NextCodePoint(text, &j);
      bool inner_apostrophe = (d == '\'' || d == 0x2019) && j < text.size();
      if (!IsLetterOrDigit(d) && !inner_apostrophe) break;
      if (IsUnspacedScript(d) != unspaced && IsLetterOrDigit(d)) break;
      end = j;
    }
    std::string_view run = text.substr(start, end - start);
    i = end;
    if (!unspaced) {
      fn(run);
      continue;
    }
    if (!breaker) {
      UErrorCode status = U_ZERO_ERROR;
      breaker.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
      if (U_FAILURE(status)) breaker.reset();
    }
    if (!breaker) {
      fn(run);
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, run.data(), static_cast<int64_t>(run.size()), &status);
    if (U_FAILURE(status)) {
      fn(run);
      continue;
    }
    breaker->setText(ut, status);
    int32_t prev = breaker->first();
    for (int32_t next = breaker->next(); next != icu::BreakIterator::DONE;
         prev = next, next = breaker->next()) {
      fn(run.substr(static_cast<size_t>(prev), static_cast<size_t>(next - prev)));
    }
    utext_close(ut);
  }
}

}  // namespace boilerstrip
