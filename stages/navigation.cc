#include "stages/navigation.h"

#include <re2/re2.h>
#include <unicode/uchar.h>

#include "pipeline/line_memo.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

// Dates and times in the forms sites print them, in any language: 11:52, 15.09.2023,
// 2024-03-04, 08/05/2024, or a year of this or the last century (or the Thai 25xx).
constexpr char kDatePattern[] =
    R"((?:^|[^\pN])(?:\d{1,2}:\d{2}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20|25)\d{2})(?:[^\pN]|$))";

// A clock time: 21:37, 9:41 am.
constexpr char kTimePattern[] = R"((?:^|[^\pN])\d{1,2}:\d{2}(?:[^\pN]|$))";

// The kept block nearest before the article's first prose line: the title.
size_t TitleIndex(const Document& doc, const ArticleSpan& span) {
  if (span.empty()) return doc.blocks.size();
  for (size_t i = span.first; i-- > 0;)
    if (doc.blocks[i].kept()) return i;
  return doc.blocks.size();
}

}  // namespace

bool HasGluedWords(std::string_view text) {
  int lower_run = 0;
  size_t i = 0;
  while (i < text.size()) {
    UChar32 c = NextCodePoint(text, &i);
    if (u_isupper(c) && lower_run >= 3) {
      int upper_word = 1;
      size_t j = i;
      while (j < text.size()) {
        UChar32 d = NextCodePoint(text, &j);
        if (!u_islower(d)) break;
        ++upper_word;
      }
      if (upper_word >= 3) return true;
    }
    lower_run = u_islower(c) ? lower_run + 1 : 0;
  }
  return false;
}

NavigationStage::NavigationStage(NavigationOptions options)
    : Stage("navigation"),
      options_(options),
      date_(std::make_unique<re2::RE2>(kDatePattern)),
      time_(std::make_unique<re2::RE2>(kTimePattern)),
      serial_(NextSerial()) {}

NavigationStage::~NavigationStage() = default;

bool NavigationStage::IsDateline(const Block& b) const {
  return b.stats.words <= 8 && re2::RE2::PartialMatch(b.folded(), *time_) &&
         re2::RE2::PartialMatch(b.folded(), *date_);
}

bool NavigationStage::IsMetaLine(const Block& b) const {
  if (b.stats.words > options_.meta_max_words) return false;
  thread_local std::vector<std::string_view> items;
  SplitItems(b.folded(), Separators::kAny, &items);
  if (items.size() < 2) return false;
  for (std::string_view item : items)
    if (EndsSentence(item) && CountWords(item) >= 6) return false;
  return re2::RE2::PartialMatch(b.folded(), *date_);
}

template <typename Fn>
bool NavigationStage::Remembered(const Block& b, LineTest test, Fn&& run) const {
  LineFacts* facts = b.facts;
  if (!facts) return run();
  if (facts->navigation_owner != serial_) {
    facts->navigation_owner = serial_;
    facts->navigation_known = facts->navigation_found = 0;
  }
  if (facts->navigation_known & test) return facts->navigation_found & test;
  bool found = run();
  facts->navigation_known |= test;
  if (found) facts->navigation_found |= test;
  return found;
}

std::optional<std::string_view> NavigationStage::Judge(const Document& doc, size_t i,
                                                       bool in_article, size_t title) const {
  const Block& b = doc.blocks[i];
  if (Remembered(b, kMetaLine, [&] { return IsMetaLine(b); })) return "meta_line";
  if (b.stats.terminal) return std::nullopt;
  if (!in_article && Remembered(b, kDateline, [&] { return IsDateline(b); })) return "dateline";
  bool piped = b.folded().find(" | ") != std::string::npos;
  auto item_row = [&](LineTest test, Separators level, size_t min_items) {
    return Remembered(b, test, [&] { return IsItemRow(b.folded(), level, min_items, options_.item_max_words); });
  };
  // Inside the article only long pipe menus: a path like "Settings > Display" in a
  // tutorial is content.
  if (in_article) {
    if (piped && item_row(kLongMenu, Separators::kStrong, 4)) return "menu";
    return std::nullopt;
  }
  if (piped && item_row(kMenu, Separators::kStrong, 2)) return "menu";
  if (item_row(kBreadcrumb, Separators::kPath, 2)) return "breadcrumb";
  if (i != title && i < title && b.stats.words <= options_.item_max_words &&
      !HasTextSignals(doc, b) && Remembered(b, kGlued, [&] { return HasGluedWords(b.text); }))
    return "glued_breadcrumb";
  return std::nullopt;
}

void NavigationStage::Apply(Document& doc) const {
  ArticleSpan span = FindArticle(doc, options_.prose);
  size_t title = TitleIndex(doc, span);
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    Block& b = doc.blocks[i];
    if (!b.kept()) continue;
    // A table row of an HTML page's article is data ("Old town – Island  06:15"), not
    // a meta line or a menu; the structure stage has judged the markup around it.
    bool table_row = !doc.hints.empty() && (doc.hints[i].containers & kInTable);
    if (table_row && span.Contains(i)) continue;
    if (auto rule = Judge(doc, i, span.Contains(i), title)) Remove(b, *rule);
  }
}

}  // namespace boilerstrip
