// Shared judgements about where the article is on a page, used by navigation and the
// classifier: which lines are prose (the article's body), which are chrome-like
// (separated items), and which are sentences.
#ifndef BOILERSTRIP_STAGES_LAYOUT_H_
#define BOILERSTRIP_STAGES_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"

namespace boilerstrip {

enum class Separators {
  kStrong,  // never in prose: " | ", " · ", " • ", " > ", " » ", " › ", " ‹ "
  kPath,    // also " / ", as in "Sport / Football"
  kAny,     // also dashes " — ", " – ", " - ", as in "By X — 08/05/2024"
};

// Splits a folded line at spaced item separators of |level| into |*items| (reused
// between calls: it is asked of most short lines).
void SplitItems(std::string_view folded, Separators level, std::vector<std::string_view>* items);

// Counts the strong separators in |folded|.
int CountSeparators(std::string_view folded);

// The number of space-separated words in |s|.
int CountWords(std::string_view s);

// Whether |item| ends with sentence punctuation.
bool EndsSentence(std::string_view item);

// The most words a menu or breadcrumb item has.
inline constexpr int kItemMaxWords = 5;

// Whether |folded| is a row of at least |min_items| short items (at most |max_words|
// words each, none a sentence) separated at |level|: a menu or a breadcrumb.
bool IsItemRow(std::string_view folded, Separators level, size_t min_items, int max_words);

// A breadcrumb's shape, strictly: a path of short items without digits (bylines and
// datelines have dates; breadcrumbs rarely do).
bool LooksLikeBreadcrumb(const Block& b);

struct ProseTest {
  int min_weight = 70;          // shorter lines are never prose
  double min_stop_density = 0.08;
};

// Whether |b| reads as running text of the article: long, with stopwords or sentence
// punctuation, not a row of separated items.
bool IsProse(const Document& doc, const Block& b, const ProseTest& test);

// Whether |b| is a finished sentence: ends with sentence punctuation and has words
// (and stopwords, where the language has a list).
bool IsSentence(const Document& doc, const Block& b);

// Whether |b| reads as text rather than a label: punctuation, or stopwords among words
// that are not all capitalised.
bool HasTextSignals(const Document& doc, const Block& b);

// The kept prose lines bounding the article: [first, last]; first > last if none.
struct ArticleSpan {
  size_t first = 1, last = 0;
  bool empty() const { return first > last; }
  bool Contains(size_t i) const { return i >= first && i <= last; }
};
ArticleSpan FindArticle(const Document& doc, const ProseTest& test);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_LAYOUT_H_
