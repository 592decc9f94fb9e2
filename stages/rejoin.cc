#include "stages/rejoin.h"

#include <unicode/uchar.h>

#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

// Whether the line stops where a sentence cannot end: after a word, a comma or a dash.
bool EndsMidSentence(std::string_view text) {
  size_t end = text.size();
  if (end == 0) return false;
  UChar32 c = PrevCodePoint(text, &end);
  return IsLetterOrDigit(c) || c == ',' || c == ';' || c == 0x2013 || c == 0x2014 ||
         c == '-' || c == 0xFF0C || c == 0x3001;
}

// Whether a sentence ends somewhere before the line's end.
bool HasInnerSentenceEnd(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    UChar32 c = NextCodePoint(text, &i);
    // Full-width marks (。！？) end a sentence without a space after them.
    if (IsTerminalPunct(c) && i < text.size() && (c >= 0x3000 || text[i] == ' ')) return true;
  }
  return false;
}

// "1. Step", "2) Step", "- item", "• item": a new list entry, never a continuation.
bool StartsListItem(std::string_view text) {
  size_t i = 0;
  UChar32 c = NextCodePoint(text, &i);
  if (c == 0x2022 || c == '-' || c == '*' || c == 0x2013 || c == 0x2014) return true;
  if (!u_isdigit(c)) return false;
  while (i < text.size()) {
    c = NextCodePoint(text, &i);
    if (!u_isdigit(c)) return c == '.' || c == ')';
  }
  return false;
}

}  // namespace

bool JoinsWithoutSpace(std::string_view left, std::string_view right) {
  size_t end = left.size(), begin = 0;
  return IsHanOrKana(PrevCodePoint(left, &end)) && IsHanOrKana(NextCodePoint(right, &begin));
}

bool ContinuesParagraph(const Document& doc, const Block& head, const Block& tail,
                        const ProseTest& prose) {
  if (!IsProse(doc, head, prose) || head.stats.terminal || head.stats.unpunctuated_script)
    return false;
  if (!EndsMidSentence(head.text) || StartsListItem(tail.text)) return false;
  return tail.stats.starts_lower || HasInnerSentenceEnd(head.text);
}

void RejoinStage::Apply(Document& doc) const {
  size_t head = doc.blocks.size();  // the kept block a continuation would join
  bool insert_between = false;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    if (!b.kept()) {
      insert_between = true;
      continue;
    }
    if (head < doc.blocks.size() && insert_between &&
        ContinuesParagraph(doc, doc.blocks[head], b, prose_))
      b.join_previous = true;
    head = i;
    insert_between = false;
  }
}

}  // namespace boilerstrip
