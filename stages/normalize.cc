#include "stages/normalize.h"

#include <array>
#include <cstdint>

#include <unicode/uchar.h>

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

// What MeasureLine asks of an ASCII character, worked out once from the same predicates
// the general path uses: most lines of most pages are ASCII.
enum AsciiClass : uint8_t {
  kSpace = 1, kClause = 2, kCapital = 4, kFirstLetter = 8, kLower = 16, kUpper = 32,
  kUnpunctuated = 64,
};

std::array<uint8_t, 128> BuildAsciiClasses() {
  std::array<uint8_t, 128> classes{};
  for (UChar32 c = 0; c < 128; ++c) {
    uint8_t& k = classes[c];
    if (IsSpaceLike(c)) k |= kSpace;
    if (IsClausePunct(c)) k |= kClause;
    if (IsCapitalOrDigit(c)) k |= kCapital;
    if (IsLetterOrDigit(c) && c > '9') k |= kFirstLetter;
    if (u_islower(c)) k |= kLower;
    if (u_isupper(c) || u_istitle(c)) k |= kUpper;
    if (IsUnpunctuatedScript(c)) k |= kUnpunctuated;
  }
  return classes;
}

const std::array<uint8_t, 128> kAsciiClasses = BuildAsciiClasses();

// The first letter decides the case and script fields.
void SetFirstLetter(UChar32 c, LineStats* s) {
  s->starts_lower = u_islower(c);
  s->starts_upper = u_isupper(c) || u_istitle(c);
  s->caseless_script = !s->starts_lower && !s->starts_upper;
  s->unpunctuated_script = IsUnpunctuatedScript(c);
}

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

void MeasureLineSlow(std::string_view text, LineStats* s) {
  bool in_word = false, first_letter = true;
  int capitalized = 0;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    UChar32 c = byte < 0x80 ? (++i, byte) : NextCodePoint(text, &i);
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

}  // namespace internal

void MeasureLine(std::string_view text, LineStats* s) {
  bool in_word = false, first_letter = true;
  int capitalized = 0;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      uint8_t k = kAsciiClasses[byte];
      ++i;
      if (k & kSpace) {
        in_word = false;
        continue;
      }
      if (!in_word) {
        in_word = true;
        ++s->words;
        capitalized += (k & kCapital) != 0;
      }
      ++s->weight;
      if ((k & kClause) && i < n) s->clause_punct = true;
      if (first_letter && (k & kFirstLetter)) {
        first_letter = false;
        s->starts_lower = (k & kLower) != 0;
        s->starts_upper = (k & kUpper) != 0;
        s->caseless_script = !s->starts_lower && !s->starts_upper;
        s->unpunctuated_script = (k & kUnpunctuated) != 0;
      }
      continue;
    }
    UChar32 c = NextCodePoint(text, &i);
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
    if (!s->clause_punct && IsClausePunct(c) && i < n) s->clause_punct = true;
    if (first_letter && u_isalpha(c)) {
      first_letter = false;
      SetFirstLetter(c, s);
    }
  }
  s->all_capitalized = s->words > 0 && capitalized == s->words && !s->caseless_script;
  MeasureEnd(text, s);
}

void NormalizeStage::Apply(Document& doc) const {
  for (Block& b : doc.blocks) {
    doc.invalid_utf8 += RepairUtf8(&b.text);
    ToNfc(&b.text);
    b.text.resize(TrimRight(b.text).size());
    b.stats = LineStats{};
    MeasureLine(b.text, &b.stats);
    if (b.stats.words <= kMaxFoldWords) Fold(b.text, &b.folded);
    else b.folded.clear();
    b.stats.separators = CountSeparators(b.key());
  }
}

}  // namespace boilerstrip
