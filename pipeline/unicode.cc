#include "pipeline/unicode.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <memory>
#include <unordered_map>
#include <vector>

#include <simdjson.h>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "pipeline/fold_cache.h"
#include "pipeline/hash.h"
#include "pipeline/simd.h"

namespace boilerstrip {
namespace {

// ICU's normalizer singletons; they live as long as the process. ICU's data is built
// in, so failing to get one is a broken installation, not an input error.
const icu::Normalizer2& Checked(const icu::Normalizer2* (*get)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = get(status);
  if (U_FAILURE(status)) abort();
  return *n;
}

const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2& n = Checked(&icu::Normalizer2::getNFCInstance);
  return n;
}

}  // namespace

namespace internal {

bool IsSpaceLikeSlow(UChar32 c) {
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF || c == 0x2060 || c == 0x180E;
}

bool IsLetterOrDigitSlow(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_NL_MASK | U_GC_NO_MASK)) != 0;
}

}  // namespace internal

namespace {

UScriptCode ScriptOf(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &status);
  return U_FAILURE(status) ? USCRIPT_INVALID_CODE : s;
}

}  // namespace

namespace internal {

bool HasByteFrom(std::string_view text, unsigned char least) {
  assert(least >= 0x80);
  // A byte's top bit survives iff the byte is at least 0x80 and its low seven bits plus
  // (0x80 - the low seven bits of |least|) reach 0x80, i.e. the byte is at least |least|;
  // no carry crosses bytes.
  const uint64_t add = (0x80u - (least & 0x7Fu)) * 0x0101010101010101u;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w = Load64(text.data() + i);
    if (((w & ~kHighBits) + add) & w & kHighBits) return true;
  }
  for (; i < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) >= least) return true;
  return false;
}

}  // namespace internal

bool IsValidUtf8(std::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

uint64_t RepairUtf8(std::string* text) {
  // Nearly every line is valid: simdjson's vectorized validator says so at a few bytes
  // per cycle, and only the others are walked.
  if (IsValidUtf8(*text)) return 0;
  std::string_view in(*text);
  std::string out;
  uint64_t replaced = 0;
  size_t i = 0, clean_from = 0;
  while (i < in.size()) {
    if (static_cast<unsigned char>(in[i]) < 0x80) {
      ++i;
      while (i + 8 <= in.size() && (internal::Load64(in.data() + i) & internal::kHighBits) == 0) i += 8;
      continue;
    }
    UChar32 c;
    int32_t pos = static_cast<int32_t>(i);
    U8_NEXT(in.data(), pos, static_cast<int32_t>(in.size()), c);
    if (c < 0) {
      out.append(in.substr(clean_from, i - clean_from));
      out.append("\xEF\xBF\xBD");
      ++replaced;
      clean_from = static_cast<size_t>(pos);
    }
    i = static_cast<size_t>(pos);
  }
  if (replaced) {
    out.append(in.substr(clean_from));
    *text = std::move(out);
  }
  return replaced;
}

bool ToNfc(std::string* text) {
  // Below U+0300 (lead bytes under 0xCC) no character changes under NFC or combines
  // with the next: Latin text needs no check.
  if (!internal::HasByteFrom(*text, 0xCC)) return false;
  // NFC's quick check, answered from the table: text whose characters all stay as they
  // are and combine with nothing is normalized (Cyrillic, Greek, CJK, most of Arabic).
  std::string_view view(*text);
  size_t i = 0;
  bool starters = true;
  while (starters && i < view.size()) {
    UChar32 c = NextCodePoint(view, &i);
    starters = c < 0x10000 && internal::HasBmpProperty(c, internal::kNfcStarter);
  }
  if (starters) return false;
  UErrorCode status = U_ZERO_ERROR;
  if (Nfc().isNormalizedUTF8(*text, status) && U_SUCCESS(status)) return false;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text->size()));
  status = U_ZERO_ERROR;
  Nfc().normalizeUTF8(0, *text, sink, nullptr, status);
  if (U_FAILURE(status) || out == *text) return false;
  *text = std::move(out);
  return true;
}

namespace {

// Appends text to a string with every run of white space collapsed to one ASCII space and
// none at either end.
class CollapsingWriter {
 public:
  explicit CollapsingWriter(std::string* out) : out_(out) {}
  void Space() { pending_space_ = !out_->empty(); }
  void Append(std::string_view s) {
    if (pending_space_) out_->push_back(' ');
    pending_space_ = false;
    out_->append(s);
  }
  // Appends ASCII text without white space, lowercased.
  void AppendAsciiLower(std::string_view s) {
    size_t from = out_->size() + pending_space_;
    Append(s);
    for (auto it = out_->begin() + from; it != out_->end(); ++it)
      if (*it >= 'A' && *it <= 'Z') *it = static_cast<char>(*it - 'A' + 'a');
  }
#if defined(BOILERSTRIP_SIMD)
  // Writes the sixteen bytes at |p| as the calls above and below would, when they are
  // ASCII whose only white space is single spaces and whole two-byte characters that
  // fold to themselves: ASCII lowercased at once, the rest copied, a leading or trailing
  // space left to Space(). Most of a line of Latin, Greek or Cyrillic script is such
  // blocks, where a character at a time was most of Fold's cost. Returns the bytes
  // written: 16, 15 when the last byte starts a character, or 0 (nothing written).
  size_t AppendPlainBlock(const char* p) {
    using namespace simd;
    const Bytes v = Load(p);
    unsigned keep = 0xFFFF;
    if (const unsigned high = Mask(v)) {
      TwoByteChars chars;
      if (!SplitTwoByteChars(v, high, &chars)) return 0;
      keep = chars.keep;
      static const std::array<uint64_t, 32>& same = TwoByteSame();
      for (unsigned m = chars.leads; m; m &= m - 1) {
        int at = __builtin_ctz(m);
        unsigned c = (p[at] & 0x1Fu) << 6 | (p[at + 1] & 0x3Fu);
        if (!(same[c / 64] >> (c % 64) & 1)) return 0;
      }
    }
    const unsigned spaces = Mask(Equal(v, ' ')) & keep;
    if ((Mask(InRange(v, '\t', '\r')) & keep) != 0 || (spaces & (spaces >> 1)) != 0) return 0;
    const size_t width = keep == 0xFFFF ? 16 : 15;
    alignas(16) char lower[16];
    _mm_store_si128(reinterpret_cast<Bytes*>(lower), _mm_add_epi8(v, InRange(v, 'A', 'Z') & _mm_set1_epi8(0x20)));
    std::string_view body(lower, width);
    if (spaces & 1) {
      Space();
      body.remove_prefix(1);
    }
    bool trailing = (spaces >> (width - 1)) & 1;
    if (trailing) body.remove_suffix(1);
    Append(body);
    if (trailing) Space();
    return width;
  }
#endif

 private:
#if defined(BOILERSTRIP_SIMD)
  // Bit c is set for the code points below U+0800 that fold alone to themselves
  // (FoldedCodePoint::same): lower-case and caseless letters of Latin-1 to Arabic.
  static const std::array<uint64_t, 32>& TwoByteSame() {
    static const std::array<uint64_t, 32> bits = [] {
      std::array<uint64_t, 32> b{};
      for (UChar32 c = 0x80; c < 0x800; ++c)
        if (internal::FoldBmpCodePoint(c).same) b[c / 64] |= uint64_t{1} << (c % 64);
      return b;
    }();
    return bits;
  }
#endif

  std::string* out_;
  bool pending_space_ = false;
};

bool IsAsciiSpace(unsigned char byte) { return byte == ' ' || (byte >= '\t' && byte <= '\r'); }

// Fold through the per-code-point cache: ASCII is lowercased inline, other BMP code
// points are looked up. False (with |*out| partial) where ICU has to see the neighbours:
// combining marks, Hangul jamo, supplementary planes, ill-formed bytes.
bool FoldByCodePoint(std::string_view text, std::string* out) {
  CollapsingWriter writer(out);
  size_t i = 0;
  size_t scalar_until = 0;  // no block before here: a byte in the way
  while (i < text.size()) {
#if defined(BOILERSTRIP_SIMD)
    if (i >= scalar_until && i + 16 <= text.size()) {
      if (size_t width = writer.AppendPlainBlock(text.data() + i)) {
        i += width;
        continue;
      }
      scalar_until = i + 16;
    }
#endif
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (IsAsciiSpace(byte)) {
      writer.Space();
      ++i;
      continue;
    }
    if (byte < 0x80) {
      size_t end = i + 1;
      while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80 &&
             !IsAsciiSpace(static_cast<unsigned char>(text[end])))
        ++end;
      writer.AppendAsciiLower(text.substr(i, end - i));
      i = end;
      continue;
    }
    // Most letters of a script without case (Han, kana, Thai, Arabic) and the lower
    // case of the others fold to themselves: their run is copied at once.
    size_t run = i, next = i;
    UChar32 c = -1;
    while (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80) {
      c = DecodeCodePoint(text, &next);
      if (c < 0 || c > 0xFFFF || !internal::FoldsToItself(c)) break;
      i = next;
    }
    if (i > run) writer.Append(text.substr(run, i - run));
    if (i == text.size() || static_cast<unsigned char>(text[i]) < 0x80) continue;
    i = next;
    if (c < 0 || c > 0xFFFF) return false;
    const internal::FoldedCodePoint& folded = internal::FoldBmpCodePoint(c);
    if (!folded.alone) return false;
    if (folded.space) writer.Space();
    else if (folded.size > 0) writer.Append(folded.text());
  }
  return true;
}

void FoldWithIcu(std::string_view text, std::string* out) {
  thread_local std::string normalized;
  normalized.clear();
  icu::StringByteSink<std::string> sink(&normalized, static_cast<int32_t>(text.size()));
  UErrorCode status = U_ZERO_ERROR;
  internal::NfkcCasefold().normalizeUTF8(0, text, sink, nullptr, status);
  if (U_FAILURE(status)) normalized.assign(text);
  CollapsingWriter writer(out);
  for (size_t i = 0; i < normalized.size();) {
    size_t start = i;
    if (IsSpaceLike(NextCodePoint(normalized, &i))) writer.Space();
    else writer.Append(std::string_view(normalized).substr(start, i - start));
  }
}

}  // namespace

void Fold(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  if (FoldByCodePoint(text, out)) return;
  out->clear();
  FoldWithIcu(text, out);
}

std::string Fold(std::string_view text) {
  std::string out;
  Fold(text, &out);
  return out;
}

namespace {

// The simple case folding of U+0080..U+07FF (Latin-1 to Arabic: the second byte range
// of UTF-8), looked up instead of asked of ICU code point by code point.
const std::array<UChar32, 0x800 - 0x80> kFoldTwoByte = [] {
  std::array<UChar32, 0x800 - 0x80> folded{};
  for (UChar32 c = 0x80; c < 0x800; ++c) folded[c - 0x80] = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  return folded;
}();

}  // namespace

void FoldWord(std::string_view word, std::string* out) {
  // Simple folding turns a two-byte character into at most three bytes (U+023A into
  // U+2C65) and never lengthens the others.
  const size_t n = word.size();
  out->resize(n + n / 2 + U8_MAX_LENGTH);
  char* dst = out->data();
  int32_t len = 0;
  size_t i = 0;
  while (i < n) {
    unsigned char byte = static_cast<unsigned char>(word[i]);
    if (byte < 0x80) {
      dst[len++] = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
      ++i;
      continue;
    }
    UChar32 c = NextCodePoint(word, &i);
    c = c < 0x800 ? kFoldTwoByte[c - 0x80] : u_foldCase(c, U_FOLD_CASE_DEFAULT);
    U8_APPEND_UNSAFE(dst, len, c);  // c is a valid code point: NextCodePoint never fails
  }
  out->resize(static_cast<size_t>(len));
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

namespace internal {

bool IsScriptUnspaced(UChar32 c) {
  switch (ScriptOf(c)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool IsScriptUnpunctuated(UChar32 c) {
  switch (ScriptOf(c)) {
    case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool IsScriptHanOrKana(UChar32 c) {
  UScriptCode s = ScriptOf(c);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA;
}

const uint8_t* BuildBmpProperties() {
  auto* table = new uint8_t[0x10000];  // lives as long as the process
  for (UChar32 c = 0; c < 0x10000; ++c) {
    uint8_t p = 0;
    if (IsLetterOrDigitSlow(c)) p |= kLetterOrDigit;
    if (IsScriptUnspaced(c)) p |= kUnspaced;
    if (IsScriptUnpunctuated(c)) p |= kUnpunctuated;
    if (IsScriptHanOrKana(c)) p |= kHanOrKana;
    if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0)
      p |= kNfcStarter;
    table[c] = p;
  }
  return table;
}


size_t WordRunEndSlow(std::string_view text, size_t start, bool* unspaced) {
  size_t i = start;
  *unspaced = IsUnspacedScript(NextCodePoint(text, &i));
  size_t end = i;
  while (end < text.size()) {
    size_t j = end;
    UChar32 d = NextCodePoint(text, &j);
    if (IsLetterOrDigit(d)) {
      if (IsUnspacedScript(d) != *unspaced) break;
    } else if (!((d == '\'' || d == 0x2019) && j < text.size())) {
      break;
    }
    end = j;
  }
  return end;
}

size_t WordRunEnd(std::string_view text, size_t start, bool* unspaced) {
  size_t i = start;
  *unspaced = IsUnspacedScript(NextCodePoint(text, &i));
  size_t end = i;
  while (end < text.size()) {
    // ASCII letters and digits continue a spaced run; no need to decode them.
    if (!*unspaced) end = AsciiAlnumEnd(text, end);
    if (end == text.size()) break;
    size_t j = end;
    UChar32 d = NextCodePoint(text, &j);
    if (IsLetterOrDigit(d)) {
      if (IsUnspacedScript(d) != *unspaced) break;
    } else if (!((d == '\'' || d == 0x2019) && j < text.size())) {
      break;  // an apostrophe inside a word ("don't") does not end it
    }
    end = j;
  }
  return end;
}

void BreakUnspacedRunUncached(std::string_view run, std::vector<uint32_t>* ends) {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(b) : nullptr;
  }();
  ends->clear();
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = breaker ? utext_openUTF8(nullptr, run.data(), static_cast<int64_t>(run.size()), &status)
                      : nullptr;
  if (!ut || U_FAILURE(status)) {
    ends->push_back(static_cast<uint32_t>(run.size()));
    return;
  }
  breaker->setText(ut, status);
  breaker->first();
  for (int32_t next = breaker->next(); next != icu::BreakIterator::DONE; next = breaker->next())
    ends->push_back(static_cast<uint32_t>(next));
  utext_close(ut);
}

namespace {

// The dictionary breaker costs some 10k instructions a run, and runs come back: the
// language vote and the per-line count see the same long lines, and a site's pages
// share their boilerplate. The breaks depend on the run's bytes alone.
const std::vector<uint32_t>& CachedBreaks(std::string_view run) {
  using Cache = std::unordered_map<std::string, std::vector<uint32_t>, TransparentHash,
                                   std::equal_to<>>;
  constexpr size_t kMaxCachedBytes = size_t{8} << 20;
  thread_local Cache cache;
  thread_local size_t cached_bytes = 0;
  auto it = cache.find(run);
  if (it == cache.end()) {
    if (cached_bytes > kMaxCachedBytes) {
      cache.clear();
      cached_bytes = 0;
    }
    std::vector<uint32_t> ends;
    BreakUnspacedRunUncached(run, &ends);
    cached_bytes += run.size() + ends.size() * sizeof(uint32_t) + 64;
    it = cache.emplace(std::string(run), std::move(ends)).first;
  }
  return it->second;
}

}  // namespace

void BreakUnspacedRun(std::string_view run, const std::function<bool(std::string_view)>& fn) {
  // A paragraph of Chinese or Thai is one run of thousands of bytes, and most callers
  // want its first words only. Breaking it window by window costs in proportion to the
  // words taken; each window's last word may be cut, so it starts the next window.
  size_t pos = 0;
  while (pos < run.size()) {
    size_t end = run.size();
    bool last = true;
    if (end - pos > kBreakWindowBytes) {
      end = pos + kBreakWindowBytes;
      while (end > pos && (static_cast<unsigned char>(run[end]) & 0xC0) == 0x80) --end;
      last = false;
    }
    std::string_view window = run.substr(pos, end - pos);
    const std::vector<uint32_t>& ends = CachedBreaks(window);
    size_t emit = last || ends.size() <= 1 ? ends.size() : ends.size() - 1;
    uint32_t prev = 0;
    for (size_t k = 0; k < emit; ++k) {
      if (!fn(window.substr(prev, ends[k] - prev))) return;
      prev = ends[k];
    }
    pos += prev > 0 ? prev : window.size();
  }
}

}  // namespace internal

}  // namespace boilerstrip
