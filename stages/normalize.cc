#include "stages/normalize.h"

#include <array>
#include <atomic>
#include <cstdint>

#include <unicode/uchar.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "pipeline/line_memo.h"
#include "pipeline/simd.h"
#include "pipeline/unicode.h"
#include "stages/layout.h"

namespace boilerstrip {
namespace {

// Closing quotes and brackets may follow the sentence mark: 'decided."', 'cher).'
bool IsClosing(UChar32 c) {
  int8_t type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION || c == '"' || c == '\'' ||
         c == 0x00BB || c == 0x201D || c == 0x300D || c == 0x300F;
}

bool IsCapitalOrDigit(UChar32 c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isupper(c) || u_istitle(c) || u_isdigit(c);
}

// What MeasureLine asks of a character, worked out once per character of the Basic
// Multilingual Plane from the same predicates the code point walk uses.
enum CharClass : uint16_t {
  kSpace = 1, kClause = 2, kCapital = 4, kFirstLetter = 8, kLower = 16, kUpper = 32,
  kUnpunctuated = 64, kDouble = 128, kNfcStable = 256,
};

// What ToNfc's quick check asks of a character: one that stays as it is in NFC and
// combines with nothing (answered for the Basic Multilingual Plane only).
bool IsNfcStable(UChar32 c) { return c < 0x10000 && internal::HasBmpProperty(c, internal::kNfcStarter); }

uint16_t ClassOf(UChar32 c) {
  uint16_t k = 0;
  if (IsSpaceLike(c)) k |= kSpace;
  if (IsClausePunct(c)) k |= kClause;
  if (IsCapitalOrDigit(c)) k |= kCapital;
  if (c < 0x80 ? IsLetterOrDigit(c) && c > '9' : u_isalpha(c) != 0) k |= kFirstLetter;
  if (u_islower(c)) k |= kLower;
  if (u_isupper(c) || u_istitle(c)) k |= kUpper;
  if (IsUnpunctuatedScript(c)) k |= kUnpunctuated;
  if (IsHanOrKana(c)) k |= kDouble;
  if (IsNfcStable(c)) k |= kNfcStable;
  return k;
}

// 128 KB, built on the first line that needs it (some 20 ms of ICU lookups, once).
const std::array<uint16_t, 0x10000>& BmpClasses() {
  static const auto* classes = [] {
    auto* table = new std::array<uint16_t, 0x10000>;
    for (UChar32 c = 0; c < 0x10000; ++c) (*table)[c] = U_IS_SURROGATE(c) ? 0 : ClassOf(c);
    return table;
  }();
  return *classes;
}

// ASCII bytes that, inside a word of a line that already has its first letter, only add
// to the weight.
const std::array<bool, 256> kPlainInWord = [] {
  std::array<bool, 256> plain{};
  for (int c = 0; c < 128; ++c) plain[c] = !(ClassOf(c) & (kSpace | kClause));
  return plain;
}();

#if defined(BOILERSTRIP_SIMD)
// The two-byte characters (U+0080..U+07FF) that are plain letters inside a word: not
// white space, not a clause mark, not Han or kana, stable under NFC (kPlain), and of
// those the capitals (kPlainCapital). Accented Latin, Greek, Cyrillic, Hebrew and Arabic
// letters are; combining marks, NBSP and the Arabic comma are not.
enum : uint8_t { kPlain = 1, kPlainCapital = 2 };
struct TwoByte {
  std::array<uint8_t, 0x800> classes{};
  // The two longest runs of lead bytes all of whose 64 characters are plain (Latin
  // U+00C0..U+02FF and Greek-Cyrillic U+03C0..U+047F, as Unicode 15 has it): a block's
  // leads are checked against them sixteen at a time, the others one by one.
  struct Run {
    unsigned char first = 1, last = 0;  // empty
    int size() const { return last + 1 - first; }
  } runs[2];
};

const TwoByte& TwoByteTable() {
  static const TwoByte table = [] {
    const std::array<uint16_t, 0x10000>& classes = BmpClasses();
    TwoByte t;
    for (UChar32 c = 0x80; c < 0x800; ++c) {
      uint16_t k = classes[c];
      if ((k & (kSpace | kClause | kDouble)) || !(k & kNfcStable)) continue;
      t.classes[c] = kPlain | ((k & kCapital) ? kPlainCapital : 0);
    }
    auto all_plain = [&t](int lead) {
      for (UChar32 c = (lead & 0x1F) << 6; c < ((lead & 0x1F) + 1) << 6; ++c)
        if (!(t.classes[c] & kPlain)) return false;
      return true;
    };
    for (int lead = 0xC2; lead < 0xE0;) {
      if (!all_plain(lead)) {
        ++lead;
        continue;
      }
      TwoByte::Run run{static_cast<unsigned char>(lead), static_cast<unsigned char>(lead)};
      while (run.last + 1 < 0xE0 && all_plain(run.last + 1)) ++run.last;
      lead = run.last + 1;
      if (run.size() > t.runs[0].size()) std::swap(run, t.runs[0]);
      if (run.size() > t.runs[1].size()) std::swap(run, t.runs[1]);
    }
    return t;
  }();
  return table;
}

// Sixteen bytes at |p| (fifteen if the last starts a character) measured at once, when
// they are ASCII and whole plain two-byte characters: their word starts, of which
// capitalised, their characters, and whether a clause mark is among them. Most lines of
// Latin, Greek and Cyrillic pages are such runs, where a character at a time is most of
// MeasureLine's cost. The classes are MeasureLine's own (ASCII white space 9..13 and
// 32; clause marks , ; :; capitals A..Z, digits and the table's), which the tests check
// against the code point walk.
struct Block16 {
  uint32_t starts, capitals, chars, clause;
  bool in_word;  // the block ends inside a word
};

// The set bits of each 16-bit quarter of |x|, in the low byte of that quarter: three
// counts for the price of one, where x86-64's baseline has no popcount instruction.
inline uint64_t PopCount16x4(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555;
  x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F;
  return (x + (x >> 8)) & 0x001F001F001F001F;
}

// The counts of a block of |keep|'s bytes whose non-ASCII bytes, |leads| and their
// continuations |cont|, are plain two-byte characters. Inlined with constants for the
// all-ASCII blocks, the most common.
inline int Count16(simd::Bytes v, const char* p, bool in_word, uint32_t keep, uint32_t leads,
                   uint32_t cont, const TwoByte& two_byte, Block16* out) {
  using namespace simd;
  const uint32_t space = Mask(Equal(v, ' ') | InRange(v, '\t', '\r'));
  const uint32_t nonspace = ~space & keep;
  out->chars = nonspace & ~cont;
  out->starts = nonspace & ~((nonspace << 1) | (in_word ? 1u : 0u));
  out->capitals = Mask(InRange(v, 'A', 'Z') | InRange(v, '0', '9'));
  for (uint32_t m = out->starts & leads; m; m &= m - 1) {
    int at = __builtin_ctz(m);
    if (two_byte.classes[(p[at] & 0x1F) << 6 | (p[at + 1] & 0x3F)] & kPlainCapital)
      out->capitals |= 1u << at;
  }
  out->clause = Mask(Equal(v, ',') | Equal(v, ';') | Equal(v, ':')) & keep;
  out->in_word = (nonspace & (keep + 1) >> 1) != 0;
  return keep == 0xFFFF ? 16 : 15;
}

// Returns how many bytes were measured: 16, or 15 when the last byte starts a
// two-byte character (half the blocks of Cyrillic text would stop there), or 0.
int Measure16(const char* p, bool in_word, const TwoByte& two_byte, Block16* out) {
  using namespace simd;
  const Bytes v = Load(p);
  uint32_t high = Mask(v);
  if (high == 0) return Count16(v, p, in_word, 0xFFFF, 0, 0, two_byte, out);
  TwoByteChars chars;
  if (!SplitTwoByteChars(v, high, &chars)) return 0;
  const auto& [a, b] = two_byte.runs;
  uint32_t unsure = chars.leads & ~Mask(InRange(v, a.first, a.last) | InRange(v, b.first, b.last));
  for (uint32_t m = unsure; m; m &= m - 1) {
    int at = __builtin_ctz(m);
    if (!(two_byte.classes[(p[at] & 0x1F) << 6 | (p[at + 1] & 0x3F)] & kPlain)) return 0;
  }
  return Count16(v, p, in_word, chars.keep, chars.leads, chars.cont, two_byte, out);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BOILERSTRIP_AVX2 1
// Thirty-two bytes a step where the CPU has AVX2 and POPCNT, asked once at run time: the
// build is for every x86-64, and the blocks are half of MeasureLine's time on Latin,
// Greek and Cyrillic text. The same counts as Measure16's, by the same masks, twice as
// wide (the tests hold both to the code point walk).
#define BOILERSTRIP_TARGET_AVX2 __attribute__((target("avx2,popcnt")))

const bool cpu_has_avx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}();
std::atomic<bool> avx2_blocks{cpu_has_avx2};

struct BlockRun {
  int words = 0, capitalized = 0, weight = 0, dense = 0;
};

// What the 32-byte blocks know of three-byte characters (U+0800..U+FFFF: CJK, Hangul,
// and the dashes, quotes and spaces of U+2000..), from BmpClasses: by a character's first
// two bytes, the class its 64 characters share, and by its lead alone, whether all 4096
// characters are plain letters, as the Han of U+5000..U+9FFF and the Hangul of
// U+B000..U+CFFF are. Chinese, Japanese and Korean lines are then measured a block at a
// time, and a Latin or Cyrillic line's dashes and quotes do not stop the blocks.
struct ThreeByte {
  // Class bits that matter inside a word, and two of the table's own.
  static constexpr uint16_t kKept = kSpace | kClause | kCapital | kDouble | kNfcStable;
  static constexpr uint16_t kShared = 0x4000;  // the 64 characters share the class given
  static constexpr uint16_t kBroken = 0x8000;  // no character begins so: overlong, surrogate
  std::array<uint16_t, 16 * 64> by_first_two{};
  // By the lead's low four bits, twice (a shuffle's two lanes): 0x80 where every
  // character of the lead is a plain letter (stable under NFC; no space, clause mark or
  // capital), and 0x40 besides where they are Han or kana (double weight).
  alignas(32) uint8_t whole_lead[32] = {};
};

const ThreeByte& ThreeByteTable() {
  static const ThreeByte table = [] {
    const std::array<uint16_t, 0x10000>& classes = BmpClasses();
    ThreeByte t;
    for (int lead = 0; lead < 16; ++lead) {
      bool whole = true;
      uint16_t lead_class = 0;
      for (int second = 0; second < 64; ++second) {
        UChar32 first = lead << 12 | second << 6;
        uint16_t& entry = t.by_first_two[lead << 6 | second];
        if (first < 0x800 || U_IS_SURROGATE(first)) {
          entry = ThreeByte::kBroken;
          whole = false;
          continue;
        }
        uint16_t k = classes[first] & ThreeByte::kKept;
        bool shared = true;
        for (UChar32 c = first + 1; c < first + 64 && shared; ++c) shared = (classes[c] & ThreeByte::kKept) == k;
        entry = shared ? k | ThreeByte::kShared : 0;
        if (second == 0) lead_class = k;
        whole = whole && shared && k == lead_class;
      }
      if (!whole || (lead_class & (kSpace | kClause | kCapital)) || !(lead_class & kNfcStable)) continue;
      uint8_t info = 0x80 | ((lead_class & kDouble) ? 0x40 : 0);
      t.whole_lead[lead] = t.whole_lead[16 + lead] = info;
    }
    return t;
  }();
  return table;
}

BOILERSTRIP_TARGET_AVX2 inline uint32_t Mask32(__m256i v) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(v));
}
BOILERSTRIP_TARGET_AVX2 inline __m256i Equal32(__m256i v, char c) {
  return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
}
BOILERSTRIP_TARGET_AVX2 inline __m256i InRange32(__m256i v, unsigned char first, unsigned char last) {
  __m256i x = _mm256_sub_epi8(v, _mm256_set1_epi8(static_cast<char>(first)));
  return _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(static_cast<char>(last - first))), x);
}

// The three-byte characters of a block, one bit each where the class puts it.
struct ThreeByteBits {
  uint32_t space = 0;    // every byte of a space
  uint32_t clause = 0;   // the last byte of a clause mark (as the line's end is checked)
  uint32_t capital = 0;  // the lead of a capital
  uint32_t dense = 0;    // the lead of a Han or kana character
};

// Classifies the three-byte characters whose leads are |leads3| in the block |v| at
// |p|; false if one is not for the blocks (not stable under NFC, or ill-formed).
BOILERSTRIP_TARGET_AVX2 __attribute__((noinline)) bool ClassifyThreeByte(__m256i v, const char* p, uint32_t leads3,
                                                      const ThreeByte& three, ThreeByteBits* out) {
  const __m256i info =
      _mm256_shuffle_epi8(_mm256_load_si256(reinterpret_cast<const __m256i*>(three.whole_lead)),
                          _mm256_and_si256(v, _mm256_set1_epi8(0x0F)));
  const uint32_t whole = Mask32(info) & leads3;
  out->dense = Mask32(_mm256_slli_epi16(info, 1)) & whole;
  const std::array<uint16_t, 0x10000>& classes = BmpClasses();
  uint32_t space = 0, clause = 0, capital = 0, dense = 0;
  for (uint32_t m = leads3 & ~whole; m; m &= m - 1) {
    const int at = __builtin_ctz(m);
    const unsigned lead = static_cast<unsigned char>(p[at]) & 0x0F;
    const unsigned second = static_cast<unsigned char>(p[at + 1]) & 0x3F;
    uint16_t k = three.by_first_two[lead << 6 | second];
    if (k & ThreeByte::kBroken) return false;
    if (!(k & ThreeByte::kShared)) k = classes[lead << 12 | second << 6 | (static_cast<unsigned char>(p[at + 2]) & 0x3F)];
    if (!(k & kNfcStable)) return false;
    // Without branches: which classes a character has is as good as random.
    const uint32_t bit = 1u << at;
    space |= (bit * 7) & -static_cast<uint32_t>((k & kSpace) != 0);
    clause |= (bit << 2) & -static_cast<uint32_t>((k & kClause) != 0);
    capital |= bit & -static_cast<uint32_t>((k & kCapital) != 0);
    dense |= bit & -static_cast<uint32_t>((k & kDouble) != 0);
  }
  out->space = space;
  out->clause = clause;
  out->capital = capital;
  out->dense |= dense;
  return true;
}

// Adds the counts of the block |v| at |p| (offset |i| of a line of |n| bytes) to |*run|:
// its bytes |keep|, of which two-byte leads |leads|, continuations |cont|, and the
// three-byte characters' |bits|. Returns its width. Inlined with constants for the
// all-ASCII blocks, the most common.
BOILERSTRIP_TARGET_AVX2 __attribute__((always_inline)) inline int CountBlock32(
    __m256i v, const char* p, size_t i, size_t n, uint32_t keep, uint32_t leads, uint32_t cont,
    const ThreeByteBits& bits, const TwoByte& two_byte, bool* in_word, bool* clause_punct, BlockRun* run) {
  const uint32_t space = Mask32(Equal32(v, ' ') | InRange32(v, '\t', '\r')) | bits.space;
  const uint32_t nonspace = ~space & keep;
  const uint32_t starts = nonspace & ~((nonspace << 1) | (*in_word ? 1u : 0u));
  uint32_t capitals = Mask32(InRange32(v, 'A', 'Z') | InRange32(v, '0', '9')) | bits.capital;
  for (uint32_t m = starts & leads; m; m &= m - 1) {
    int at = __builtin_ctz(m);
    if (two_byte.classes[(p[at] & 0x1F) << 6 | (p[at + 1] & 0x3F)] & kPlainCapital) capitals |= 1u << at;
  }
  const uint32_t clause = (Mask32(Equal32(v, ',') | Equal32(v, ';') | Equal32(v, ':')) & keep) | bits.clause;
  const int width = keep == 0xFFFFFFFF ? 32 : __builtin_ctz(~keep);
  run->words += __builtin_popcount(starts);
  run->capitalized += __builtin_popcount(starts & capitals);
  run->weight += __builtin_popcount(nonspace & ~cont) + __builtin_popcount(bits.dense);
  run->dense += __builtin_popcount(bits.dense);
  // A clause mark that ends the line is not inside it.
  if (clause && !*clause_punct && (i + width != n || (clause & ~(1u << (width - 1))) != 0))
    *clause_punct = true;
  *in_word = (nonspace & (uint64_t{keep} + 1) >> 1) != 0;
  return width;
}

// Measures blocks of 32 bytes of |text| from |i| while they are taken, adding their
// counts to |*run|; returns where they stopped. |*in_word| and |*clause_punct| as in
// MeasureLine. A block is taken when its non-ASCII bytes are whole characters of two
// bytes that are plain letters, or of three bytes stable under NFC; it ends before a
// character its last bytes cut.
BOILERSTRIP_TARGET_AVX2 size_t MeasureBlocks32(std::string_view text, size_t i, const TwoByte& two_byte,
                                               bool* in_word, bool* clause_punct, BlockRun* run) {
  static const ThreeByte& three = ThreeByteTable();
  const size_t n = text.size();
  const auto& [a, b] = two_byte.runs;
  for (; i + 32 <= n;) {
    const char* p = text.data() + i;
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const uint32_t high = Mask32(v);
    if (high == 0) {
      i += CountBlock32(v, p, i, n, 0xFFFFFFFF, 0, 0, ThreeByteBits{}, two_byte, in_word, clause_punct, run);
      continue;
    }
    uint32_t cont = Mask32(InRange32(v, 0x80, 0xBF));
    const uint32_t all_leads = Mask32(InRange32(v, 0xC2, 0xDF));
    // A character the block's end cuts is left to the next block.
    uint32_t keep = all_leads >> 31 ? 0x7FFFFFFF : 0xFFFFFFFF, leads3 = 0;
    uint32_t leads = all_leads & keep;
    if ((leads | cont) != (high & keep) || cont != (leads << 1)) {
      // Not two-byte characters alone: three-byte ones too?
      leads3 = Mask32(InRange32(v, 0xE0, 0xEF));
      const uint32_t cut = (all_leads & 0x80000000) | (leads3 & 0xC0000000);
      keep = cut ? (1u << __builtin_ctz(cut)) - 1 : 0xFFFFFFFF;
      leads = all_leads & keep;
      leads3 &= keep;
      cont &= keep;
      if (leads3 == 0 || (leads | leads3 | cont) != (high & keep) ||
          cont != ((leads << 1) | (leads3 << 1) | (leads3 << 2)))
        break;
    }
    uint32_t unsure = leads & ~Mask32(InRange32(v, a.first, a.last) | InRange32(v, b.first, b.last));
    bool plain = true;
    for (uint32_t m = unsure; m && plain; m &= m - 1) {
      int at = __builtin_ctz(m);
      plain = (two_byte.classes[(p[at] & 0x1F) << 6 | (p[at + 1] & 0x3F)] & kPlain) != 0;
    }
    ThreeByteBits bits;
    if (!plain || (leads3 && !ClassifyThreeByte(v, p, leads3, three, &bits))) break;
    i += CountBlock32(v, p, i, n, keep, leads, cont, bits, two_byte, in_word, clause_punct, run);
  }
  return i;
}
#endif  // x86-64
#endif  // BOILERSTRIP_SIMD

// Sets |s->terminal| from the last character before closing quotes and brackets.
void MeasureEnd(std::string_view text, LineStats* s) {
  size_t end = text.size();
  while (end > 0) {
    size_t j = end;
    UChar32 c = PrevCodePoint(text, &j);
    if (IsClosing(c)) {
      end = j;
      continue;
    }
    s->terminal = IsTerminalPunct(c);
    break;
  }
}

}  // namespace

namespace internal {

bool UseWideBlocks(bool use) {
#if defined(BOILERSTRIP_AVX2)
  avx2_blocks = use && cpu_has_avx2;
  return cpu_has_avx2;
#else
  (void)use;
  return false;
#endif
}

bool MeasureLineSlow(std::string_view text, LineStats* s) {
  bool in_word = false, first_letter = true, nfc_stable = true;
  int capitalized = 0;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    UChar32 c = byte < 0x80 ? (++i, byte) : NextCodePoint(text, &i);
    nfc_stable = nfc_stable && IsNfcStable(c);
    if (IsSpaceLike(c)) {
      in_word = false;
      continue;
    }
    if (!in_word) {
      in_word = true;
      ++s->words;
      if (IsCapitalOrDigit(c)) ++capitalized;
    }
    s->weight += IsHanOrKana(c) ? 2 : 1;
    s->dense += IsHanOrKana(c);
    if (!s->clause_punct && IsClausePunct(c) && i < text.size()) s->clause_punct = true;
    if (first_letter && (c < 0x80 ? IsLetterOrDigit(c) && c > '9' : u_isalpha(c) != 0)) {
      first_letter = false;
      s->starts_lower = u_islower(c);
      s->starts_upper = u_isupper(c) || u_istitle(c);
      s->caseless_script = !s->starts_lower && !s->starts_upper;
      s->unpunctuated_script = IsUnpunctuatedScript(c);
    }
  }
  s->all_capitalized = s->words > 0 && capitalized == s->words && !s->caseless_script;
  MeasureEnd(text, s);
  return nfc_stable;
}

}  // namespace internal

void PrepareMeasureTables() {
  BmpClasses();
#if defined(BOILERSTRIP_SIMD)
  TwoByteTable();
#endif
#if defined(BOILERSTRIP_AVX2)
  ThreeByteTable();
#endif
}

bool MeasureLine(std::string_view text, LineStats* s) {
  const std::array<uint16_t, 0x10000>& classes = BmpClasses();
  bool in_word = false, first_letter = true;
  uint16_t nfc_stable = kNfcStable;  // cleared by the first character that is not
  int capitalized = 0;
  size_t i = 0;
  const size_t n = text.size();
  size_t scalar_until = 0;  // no block before here: a byte the blocks do not take is in the way
  while (i < n) {
#if defined(BOILERSTRIP_SIMD)
    if (!first_letter && i >= scalar_until && i + 16 <= n) {
      // Block after block while they are taken, the counts summed sixteen bits apart
      // (at most 16 a block, so 1024 blocks fit) and added up once at the end.
      static const TwoByte& two_byte = TwoByteTable();
      uint64_t counts = 0;
      int blocks = 0;
      auto add_up = [&] {
        s->words += static_cast<int>(counts & 0xFFFF);
        capitalized += static_cast<int>((counts >> 16) & 0xFFFF);
        s->weight += static_cast<int>((counts >> 32) & 0xFFFF);
        counts = 0;
        blocks = 0;
      };
#if defined(BOILERSTRIP_AVX2)
      if (i + 32 <= n && avx2_blocks.load(std::memory_order_relaxed)) {
        BlockRun run;
        i = MeasureBlocks32(text, i, two_byte, &in_word, &s->clause_punct, &run);
        s->words += run.words;
        capitalized += run.capitalized;
        s->weight += run.weight;
        s->dense += run.dense;
      }
#endif
      Block16 block;
      int width;
      while (i + 16 <= n && (width = Measure16(text.data() + i, in_word, two_byte, &block)) != 0) {
        counts += PopCount16x4(block.starts | uint64_t{block.starts & block.capitals} << 16 |
                               uint64_t{block.chars} << 32);
        // A clause mark that ends the line is not inside it.
        if (block.clause && !s->clause_punct &&
            (i + width != n || (block.clause & ~(1u << (width - 1))) != 0))
          s->clause_punct = true;
        in_word = block.in_word;
        i += width;
        if (++blocks == 1024) add_up();
      }
      add_up();
      if (i + 16 > n) continue;
      scalar_until = i + 16;
    }
#endif
    unsigned char byte = static_cast<unsigned char>(text[i]);
    UChar32 c = byte < 0x80 ? (++i, byte) : NextCodePoint(text, &i);
    uint16_t k = c < 0x10000 ? classes[c] : ClassOf(c);
    nfc_stable &= k;
    if (k & kSpace) {
      in_word = false;
      continue;
    }
    if (!in_word) {
      in_word = true;
      ++s->words;
      capitalized += (k & kCapital) != 0;
    }
    s->weight += (k & kDouble) ? 2 : 1;
    s->dense += (k & kDouble) != 0;
    if ((k & kClause) && i < n) s->clause_punct = true;
    if (first_letter) {
      if (!(k & kFirstLetter)) continue;
      first_letter = false;
      s->starts_lower = (k & kLower) != 0;
      s->starts_upper = (k & kUpper) != 0;
      s->caseless_script = !s->starts_lower && !s->starts_upper;
      s->unpunctuated_script = (k & kUnpunctuated) != 0;
    }
    // The rest of the word only adds to the weight, up to a space or a clause mark.
    while (i < n) {
      unsigned char next = static_cast<unsigned char>(text[i]);
      if (next < 0x80) {
        if (!kPlainInWord[next]) break;
        ++i;
        ++s->weight;
        continue;
      }
      size_t j = i;
      UChar32 d = NextCodePoint(text, &j);
      uint16_t kd = d < 0x10000 ? classes[d] : ClassOf(d);
      if (kd & (kSpace | kClause)) break;
      nfc_stable &= kd;
      i = j;
      s->weight += (kd & kDouble) ? 2 : 1;
      s->dense += (kd & kDouble) != 0;
    }
  }
  s->all_capitalized = s->words > 0 && capitalized == s->words && !s->caseless_script;
  MeasureEnd(text, s);
  return nfc_stable != 0;
}

namespace {

// What normalizing a line gives; a function of the line's bytes alone. Most lines come
// out as they went in (valid, NFC, no trailing space): then |text| is left empty.
struct Normalized {
  bool changed = false;
  std::string text;
  std::string folded;
  LineStats stats;
  uint64_t invalid_utf8 = 0;
  LineFacts facts;  // filled in by later stages (Block::facts)
};

// Returns whether the line's text changed. |valid|: the text is known to be valid UTF-8.
bool Normalize(Block& b, bool valid, uint64_t* invalid_utf8) {
  *invalid_utf8 = valid ? 0 : RepairUtf8(&b.text);
  size_t size = b.text.size();
  // Measuring tells whether NFC could change the line, so nearly every line is read
  // once for both. Trimming first changes nothing: white space neither composes with
  // what precedes it nor becomes anything but white space in NFC.
  b.text.resize(TrimRight(b.text).size());
  bool changed = *invalid_utf8 > 0 || b.text.size() != size;
  b.stats = LineStats{};
  if (!MeasureLine(b.text, &b.stats) && ToNfc(&b.text)) {
    changed = true;
    b.text.resize(TrimRight(b.text).size());
    b.stats = LineStats{};
    MeasureLine(b.text, &b.stats);
  }
  b.remembered_folded = nullptr;
  if (WithinFoldLimit(b.stats)) Fold(b.text, &b.own_folded);
  else b.own_folded.clear();
  b.stats.separators = CountSeparators(b.key());
  return changed;
}

// Template lines (menus, footers, share rows) are short and come back on every page of
// their site; running text is long and seldom repeats, so only short lines are remembered.
constexpr size_t kMemoLineBytes = 256;
constexpr size_t kMemoBytes = size_t{16} << 20;

}  // namespace

void NormalizeStage::Apply(Document& doc) const {
  thread_local LineMemo<Normalized> memo(kMemoBytes);
  // The page's blocks point into the memo (Block::facts) until the next page: it may
  // forget only here, and once full it takes no more lines of this page.
  memo.ForgetIfFull();
  // The lines' hashes first, each slot asked for as soon as its hash is known, and each
  // entry a few lines ahead of its lookup: both are mostly cache misses. A slot asked for
  // only four lines ahead was still on its way at two lines ahead, when its entry was
  // wanted: a page's remembered lines take little time each.
  thread_local std::vector<uint64_t> hashes;
  const size_t n = doc.blocks.size();
  hashes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string& text = doc.blocks[i].text;
    hashes[i] = text.size() > kMemoLineBytes ? 0 : memo.Hash(text);
    memo.PrefetchSlot(hashes[i]);
  }
  constexpr size_t kEntryAhead = 4;
  for (size_t i = 0; i < n; ++i) {
    if (i + kEntryAhead < n) memo.PrefetchEntry(hashes[i + kEntryAhead]);
    Block& b = doc.blocks[i];
    uint64_t invalid = 0;
    b.facts = nullptr;
    if (b.text.size() > kMemoLineBytes) {
      Normalize(b, doc.valid_utf8, &invalid);
      doc.invalid_utf8 += invalid;
      continue;
    }
    if (Normalized* known = memo.Find(b.text, hashes[i])) {
      if (known->changed) b.text = known->text;
      b.remembered_folded = &known->folded;
      b.stats = known->stats;
      b.facts = &known->facts;
      doc.invalid_utf8 += known->invalid_utf8;
      continue;
    }
    if (memo.full()) {
      Normalize(b, doc.valid_utf8, &invalid);
      doc.invalid_utf8 += invalid;
      continue;
    }
    Normalized& slot = memo.Add(b.text, hashes[i]);
    bool changed = Normalize(b, doc.valid_utf8, &invalid);
    doc.invalid_utf8 += invalid;
    slot = Normalized{changed, changed ? b.text : std::string(), std::move(b.own_folded), b.stats, invalid, {}};
    b.remembered_folded = &slot.folded;
    b.facts = &slot.facts;
    memo.Account((changed ? b.text.size() : 0) + slot.folded.size());
  }
}

}  // namespace boilerstrip
