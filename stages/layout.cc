#include "stages/layout.h"

#include <algorithm>
#include <array>

#include "pipeline/simd.h"
#include "pipeline/unicode.h"
#include "stages/language.h"

namespace boilerstrip {
namespace {

// Every separator starts with a space, so only spaces need a closer look.
constexpr std::array<std::string_view, 9> kStrongSeparators = {
    " | ", " · ", " • ", " > ", " » ", " › ", " ‹ ", " ◦ ", " → "};
constexpr std::array<std::string_view, 3> kDashSeparators = {" — ", " – ", " - "};

// The bytes a separator's space is followed by (SeparatorAt looks no further for others).
constexpr bool IsSeparatorSecondByte(unsigned char c) {
  return c == '|' || c == '>' || c == '/' || c == '-' || c == 0xC2 || c == 0xE2;
}
static_assert(std::all_of(kStrongSeparators.begin(), kStrongSeparators.end(),
                          [](std::string_view sep) { return IsSeparatorSecondByte(sep[1]); }) &&
              std::all_of(kDashSeparators.begin(), kDashSeparators.end(),
                          [](std::string_view sep) { return IsSeparatorSecondByte(sep[1]); }));

// The length of the separator starting at |pos|, or 0.
size_t SeparatorAt(std::string_view s, size_t pos, Separators level) {
  // The space before an ordinary word is passed over without comparing strings.
  if (pos + 1 >= s.size() || !IsSeparatorSecondByte(static_cast<unsigned char>(s[pos + 1]))) return 0;
  for (std::string_view sep : kStrongSeparators)
    if (s.substr(pos, sep.size()) == sep) return sep.size();
  if (level == Separators::kStrong) return 0;
  if (s.substr(pos, 3) == " / ") return 3;
  if (level == Separators::kPath) return 0;
  for (std::string_view sep : kDashSeparators)
    if (s.substr(pos, sep.size()) == sep) return sep.size();
  return 0;
}

}  // namespace

void SplitItems(std::string_view folded, Separators level, std::vector<std::string_view>* items) {
  items->clear();
  size_t start = 0, pos = 0;
  while ((pos = folded.find(' ', pos)) != std::string_view::npos) {
    size_t len = SeparatorAt(folded, pos, level);
    if (len == 0) {
      ++pos;
      continue;
    }
    items->push_back(folded.substr(start, pos - start));
    pos += len;
    start = pos;
  }
  items->push_back(folded.substr(start));
}

int CountSeparators(std::string_view folded) {
  int n = 0;
  size_t resume = 0;  // a separator's last space may start the next one
  auto at = [&](size_t pos) {
    if (pos < resume) return;
    if (size_t len = SeparatorAt(folded, pos, Separators::kStrong)) {
      ++n;
      resume = pos + len - 1;
    }
  };
  size_t i = 0;
#if defined(BOILERSTRIP_SIMD)
  // Every strong separator is a space and then '|', '>' or the lead byte 0xC2 or 0xE2 of
  // the others: only such pairs, sixteen positions at a time, need a closer look.
  static_assert(std::all_of(kStrongSeparators.begin(), kStrongSeparators.end(), [](std::string_view sep) {
    unsigned char c = sep[1];
    return c == '|' || c == '>' || c == 0xC2 || c == 0xE2;
  }));
  using namespace simd;
  auto pairs_at = [&](size_t from) {
    Bytes here = Load(folded.data() + from), next = Load(folded.data() + from + 1);
    Bytes second = Equal(next, '|') | Equal(next, '>') | Equal(next, '\xC2') | Equal(next, '\xE2');
    return Mask(Equal(here, ' ') & second);
  };
  for (; i + 17 <= folded.size(); i += 16)
    for (unsigned pairs = pairs_at(i); pairs; pairs &= pairs - 1) at(i + static_cast<size_t>(__builtin_ctz(pairs)));
  // The last positions as one more block that ends where the line does, without the
  // positions already seen.
  if (i > 0 && i + 1 < folded.size()) {
    size_t from = folded.size() - 17;
    for (unsigned pairs = pairs_at(from) >> (i - from) << (i - from); pairs; pairs &= pairs - 1)
      at(from + static_cast<size_t>(__builtin_ctz(pairs)));
    i = folded.size();
  }
#endif
  // The last positions, one by one: SeparatorAt passes over the other spaces itself.
  for (; i + 1 < folded.size(); ++i)
    if (folded[i] == ' ') at(i);
  return n;
}

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (char c : s) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

bool EndsSentence(std::string_view item) {
  size_t end = item.size();
  while (end > 0 && item[end - 1] == ' ') --end;
  if (end == 0) return false;
  return IsTerminalPunct(PrevCodePoint(item, &end));
}

bool IsItemRow(std::string_view folded, Separators level, size_t min_items, int max_words) {
  thread_local std::vector<std::string_view> items;
  SplitItems(folded, level, &items);
  if (items.size() < min_items) return false;
  for (std::string_view item : items) {
    int words = CountWords(item);
    if (words == 0 || words > max_words || EndsSentence(item)) return false;
  }
  return true;
}

bool LooksLikeBreadcrumb(const Block& b) {
  const std::string_view key = b.key();
  if (std::any_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return IsItemRow(key, Separators::kPath, 2, kItemMaxWords);
}

bool IsProse(const Document& doc, const Block& b, const ProseTest& test) {
  const LineStats& s = b.stats;
  if (!b.kept() || s.weight < test.min_weight) return false;
  if (s.separators >= 2) return false;
  if (s.unpunctuated_script) return s.words >= 2 || CountStopwords(doc, b).tokens >= 8;
  if (s.caseless_script && s.words <= 2) return s.terminal || s.clause_punct;
  if (!doc.stopwords_known) return s.terminal || s.clause_punct;
  // A line with stopwords is prose with sentence or clause punctuation, or twelve words.
  // Agglutinative languages (Korean, Turkish, Hungarian...) glue their function words to
  // others, so few words match a stopword list; finished sentences still tell prose.
  bool with_stopwords = s.terminal || s.clause_punct || s.words >= 12;
  bool without = s.terminal && (s.clause_punct || s.words >= 8);
  // Counting costs (a Chinese line must be broken into words); most lines need no count.
  if (with_stopwords == without) return without;
  StopwordCounts counts = CountStopwords(doc, b);
  if (counts.tokens == 0) return s.terminal || s.clause_punct;
  return counts.density() >= test.min_stop_density ? with_stopwords : without;
}

bool IsSentence(const Document& doc, const Block& b) {
  const LineStats& s = b.stats;
  if (!s.terminal) return false;
  if (s.words >= 3) return !doc.stopwords_known || CountStopwords(doc, b).stopwords > 0;
  return s.weight >= 16;  // unspaced scripts: one "word" is a whole sentence
}

bool HasTextSignals(const Document& doc, const Block& b) {
  if (b.stats.terminal || b.stats.clause_punct) return true;
  // A row of capitalised words is a menu even when one of them is a stopword.
  return !b.stats.all_capitalized && CountStopwords(doc, b).stopwords > 0;
}

ArticleSpan FindArticle(const Document& doc, const ProseTest& test) {
  auto span_of = [&doc](auto&& marks) {
    ArticleSpan span;
    for (size_t i = 0; i < doc.blocks.size(); ++i) {
      if (!marks(doc.blocks[i])) continue;
      if (span.empty()) span.first = i;
      span.last = i;
    }
    return span;
  };
  ArticleSpan span = span_of([&](const Block& b) { return IsProse(doc, b, test); });
  if (!span.empty()) return span;
  // A brief (a notice of two short paragraphs) has no long line: its finished
  // sentences of half the length mark the article instead.
  return span_of([&](const Block& b) {
    return b.kept() && b.stats.weight >= test.min_weight / 2 && IsSentence(doc, b) &&
           b.stats.separators < 2;
  });
}

}  // namespace boilerstrip
