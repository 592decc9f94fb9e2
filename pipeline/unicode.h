// Unicode helpers over UTF-8 strings, all backed by ICU. Thread-safe.
#ifndef BOILERSTRIP_PIPELINE_UNICODE_H_
#define BOILERSTRIP_PIPELINE_UNICODE_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <unicode/umachine.h>
#include <unicode/utf8.h>

#include "pipeline/simd.h"

namespace boilerstrip {

// Replaces every ill-formed UTF-8 sequence in |*text| by U+FFFD; returns how many.
// Valid text (the common case) is not copied.
uint64_t RepairUtf8(std::string* text);
// Whether |text| is well-formed UTF-8 (vectorized: a few bytes per cycle).
bool IsValidUtf8(std::string_view text);

// Brings valid UTF-8 |*text| to NFC; text already in NFC is not copied. Returns whether
// |*text| changed.
bool ToNfc(std::string* text);

// Returns the matching key of a line: NFKC + case folding, every run of Unicode white
// space collapsed to one ASCII space, trimmed. "  ＲＥＡＤ\u00a0Also：" -> "read also:".
std::string Fold(std::string_view text);
// The same into |*out|, whose buffer is reused.
void Fold(std::string_view text, std::string* out);

// Whether |line| holds nothing but white space and invisible format characters
// (NBSP, U+3000, U+200B, BOM...). Ill-formed bytes count as visible.
bool IsBlank(std::string_view line);

// |text| without trailing white space (Unicode White_Space).
std::string_view TrimRight(std::string_view text);

// |text| without leading and/or trailing characters that are neither letters nor
// digits (punctuation, symbols, spaces).
std::string_view StripNonAlnum(std::string_view text, bool leading, bool trailing);

// Decodes the code point at |*i| and advances |*i| past it; a negative value for an
// ill-formed sequence (as ICU's U8_NEXT, |*i| past the bytes it rejected).
inline UChar32 DecodeCodePoint(std::string_view s, size_t* i) {
  // Well-formed sequences of two and three bytes (every script of the Basic Multilingual
  // Plane) are decoded inline; ICU's macro takes the rest and the ill-formed.
  size_t p = *i;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(p);
  if (b0 < 0x80) {
    *i = p + 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 < 0xE0 && p + 1 < s.size() && (byte(p + 1) & 0xC0) == 0x80) {
    *i = p + 2;
    return (UChar32{b0} & 0x1F) << 6 | (byte(p + 1) & 0x3F);
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && p + 2 < s.size() && (byte(p + 1) & 0xC0) == 0x80 &&
      (byte(p + 2) & 0xC0) == 0x80) {
    UChar32 c = (UChar32{b0} & 0x0F) << 12 | (byte(p + 1) & 0x3F) << 6 | (byte(p + 2) & 0x3F);
    if (c >= 0x800 && !U_IS_SURROGATE(c)) {
      *i = p + 3;
      return c;
    }
  }
  UChar32 c;
  int32_t pos = static_cast<int32_t>(*i);
  U8_NEXT(s.data(), pos, static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(pos);
  return c;
}

// Decodes the code point at |*i| and advances |*i|; U+FFFD on ill-formed input.
inline UChar32 NextCodePoint(std::string_view s, size_t* i) {
  UChar32 c = DecodeCodePoint(s, i);
  return c < 0 ? 0xFFFD : c;
}

// Decodes the code point that ends at |*i| and moves |*i| back to its start.
inline UChar32 PrevCodePoint(std::string_view s, size_t* i) {
  UChar32 c;
  int32_t pos = static_cast<int32_t>(*i);
  U8_PREV(s.data(), 0, pos, c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

namespace internal {
bool IsLetterOrDigitSlow(UChar32 c);
bool IsSpaceLikeSlow(UChar32 c);
bool IsScriptUnspaced(UChar32 c);
bool IsScriptUnpunctuated(UChar32 c);
bool IsScriptHanOrKana(UChar32 c);

// The predicates below for every code point of the Basic Multilingual Plane, one bit
// each, asked of ICU once (a few milliseconds) instead of for every character of every
// page.
enum BmpProperty : uint8_t {
  kLetterOrDigit = 1, kUnspaced = 2, kUnpunctuated = 4, kHanOrKana = 8,
  kNfcStarter = 16,  // NFC_Quick_Check=Yes and combining class 0: stays as it is in NFC
};
const uint8_t* BuildBmpProperties();
inline const uint8_t* BmpProperties() {
  static const uint8_t* const table = BuildBmpProperties();
  return table;
}
inline bool HasBmpProperty(UChar32 c, BmpProperty p) { return BmpProperties()[c] & p; }
}  // namespace internal

// Letters, combining marks and digits of any script. These predicates answer ASCII and
// other common code points inline; they run for every character of every page.
inline bool IsLetterOrDigit(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c < 0x10000) return internal::HasBmpProperty(c, internal::kLetterOrDigit);
  return internal::IsLetterOrDigitSlow(c);
}
// Unicode White_Space, plus the invisible ZWSP, word joiner and BOM.
inline bool IsSpaceLike(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  // Every non-ASCII White_Space character is U+0085, U+00A0 or at or above U+1680.
  if (c != 0x85 && c != 0xA0 && c < 0x1680) return false;
  return internal::IsSpaceLikeSlow(c);
}
// Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar: words are not separated by spaces.
inline bool IsUnspacedScript(UChar32 c) {
  if (c < 0x0E00) return false;
  if (c < 0x10000) return internal::HasBmpProperty(c, internal::kUnspaced);
  return internal::IsScriptUnspaced(c);
}
// Thai, Lao, Khmer, Myanmar: sentences are not marked with punctuation either.
inline bool IsUnpunctuatedScript(UChar32 c) {
  if (c < 0x0E00) return false;
  if (c < 0x10000) return internal::HasBmpProperty(c, internal::kUnpunctuated);
  return internal::IsScriptUnpunctuated(c);
}
inline bool IsHanOrKana(UChar32 c) {
  if (c < 0x2E80) return false;
  if (c < 0x10000) return internal::HasBmpProperty(c, internal::kHanOrKana);
  return internal::IsScriptHanOrKana(c);
}
// Sentence-final punctuation in any script: . ! ? … 。！？ । ॥ ؟ ։ ۔ ။ ።
inline bool IsTerminalPunct(UChar32 c) {
  switch (c) {
    case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:
    case 0xFF0E: case 0x0964: case 0x0965: case 0x061F: case 0x0589: case 0x06D4:
    case 0x104B: case 0x1362: case 0x203C: case 0x2049: case 0xFF61:
      return true;
    default:
      return false;
  }
}
// Clause punctuation: , ; : and their full-width / CJK / Arabic forms.
inline bool IsClausePunct(UChar32 c) {
  switch (c) {
    case ',': case ';': case ':': case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0x3001:
    case 0x060C: case 0x061B: case 0x00B7:
      return true;
    default:
      return false;
  }
}

// Sets |*out| to the simple case folding of |word| (ICU u_foldCase per code point):
// enough to look a word up in a folded list, much cheaper than Fold.
void FoldWord(std::string_view word, std::string* out);

// Calls |fn| with each word of |text|: runs of letters, marks and digits; runs in
// unspaced scripts are split with ICU's dictionary word breaker, at most
// |max_unspaced_run_words| words of each such run. A |fn| returning bool stops the walk
// by returning false.
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn, size_t max_unspaced_run_words = SIZE_MAX);

namespace internal {
// Splits a run of an unspaced script into words with ICU's BreakIterator, window by
// window, remembering the breaks of recent windows (per thread); stops when |fn|
// returns false.
inline constexpr size_t kBreakWindowBytes = 240;
void BreakUnspacedRun(std::string_view run, const std::function<bool(std::string_view)>& fn);
inline constexpr uint64_t kHighBits = 0x8080808080808080u;
inline constexpr std::array<bool, 256> kAsciiAlnum = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 128; ++c)
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return table;
}();
// Where the run of ASCII letters and digits at |pos| of |text| ends (|pos| if none).
// Sixteen bytes at a time where SSE2 is there: a word ends in the first block mostly,
// without the mispredicted branch at the end of a byte-by-byte loop.
inline size_t AsciiAlnumEnd(std::string_view text, size_t pos) {
#if defined(BOILERSTRIP_SIMD)
  using namespace simd;
  for (; pos + 16 <= text.size(); pos += 16) {
    const Bytes v = Load(text.data() + pos);
    const unsigned alnum = Mask(InRange(v | _mm_set1_epi8(0x20), 'a', 'z') | InRange(v, '0', '9'));
    if (alnum != 0xFFFF) return pos + static_cast<size_t>(__builtin_ctz(~alnum));
  }
#endif
  while (pos < text.size() && kAsciiAlnum[static_cast<unsigned char>(text[pos])]) ++pos;
  return pos;
}
inline uint64_t Load64(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}
// Whether some byte of |text| is |least| (at least 0x80) or above: with 0xCC, a lead
// byte of U+0300 or above; with 0xE3, of U+3000 or above.
bool HasByteFrom(std::string_view text, unsigned char least);
// Sets |*ends| to the end offsets of the words of |run|, asking ICU every time.
void BreakUnspacedRunUncached(std::string_view run, std::vector<uint32_t>* ends);
// The end of the word run starting at |start|, and whether it is in an unspaced script.
size_t WordRunEnd(std::string_view text, size_t start, bool* unspaced);
// WordRunEnd decoding every code point: for tests of its ASCII fast path.
size_t WordRunEndSlow(std::string_view text, size_t start, bool* unspaced);
}  // namespace internal

template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn, size_t max_unspaced_run_words) {
  bool go_on = true;
  auto call = [&](std::string_view word) {
    if constexpr (std::is_same_v<decltype(fn(word)), bool>) go_on = fn(word);
    else fn(word);
    return go_on;
  };
  size_t i = 0;
  while (go_on && i < text.size()) {
    size_t start = i;
    // Most words are ASCII letters and digits up to an ASCII byte that ends them: taken
    // here as WordRunEnd would take them. What follows an apostrophe or a non-ASCII byte
    // is WordRunEnd's to judge.
    if (size_t end = internal::AsciiAlnumEnd(text, i); end > i) {
      if (end == text.size() || (static_cast<unsigned char>(text[end]) < 0x80 && text[end] != '\'')) {
        i = end;
        call(text.substr(start, end - start));
        continue;
      }
    }
    if (!IsLetterOrDigit(NextCodePoint(text, &i))) continue;
    bool unspaced = false;
    i = internal::WordRunEnd(text, start, &unspaced);
    std::string_view run = text.substr(start, i - start);
    if (unspaced) {
      size_t taken = 0;
      internal::BreakUnspacedRun(run, [&](std::string_view word) {
        return call(word) && ++taken < max_unspaced_run_words;
      });
    } else {
      call(run);
    }
  }
}

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_UNICODE_H_
