#include "stages/normalize.h"

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

}  // namespace

void MeasureLine(std::string_view text, LineStats* s) {
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
