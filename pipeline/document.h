// The document model: a page as an ordered list of blocks, each with a verdict.
//
// Stages mark blocks removed (with the stage and rule that removed them); nothing is
// erased before the writer, so later stages see the context and every removal can be
// explained. A Document belongs to one thread at a time.
#ifndef BOILERSTRIP_PIPELINE_DOCUMENT_H_
#define BOILERSTRIP_PIPELINE_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace boilerstrip {

// Why a block was removed. Both views point at strings owned by the stage (or its
// rules), which outlive every document the stage is applied to.
struct Verdict {
  std::string_view stage;  // empty: kept
  std::string_view rule;

  bool removed() const { return !stage.empty(); }
};

// Per-line measurements filled by the normalize and language stages and read by the
// judging stages, so no stage tokenizes a line twice.
struct LineStats {
  int words = 0;          // whitespace-separated tokens
  int weight = 0;         // code points; Han/Kana count double (denser scripts)
  int dense = 0;          // Han/Kana code points
  int separators = 0;     // strong item separators (" | ", " · ", " > " ...) in the folded line
  bool terminal = false;  // ends with sentence punctuation (. ! ? … 。 । …)
  bool clause_punct = false;  // has , ; : or their CJK forms inside
  bool caseless_script = false;  // first letter from a script without case
  bool unpunctuated_script = false;  // Thai, Lao, Khmer, Myanmar: no sentence marks
  bool starts_lower = false;
  bool starts_upper = false;
  bool all_capitalized = false;  // every word starts with a capital or a digit ("Home Tests News")
};

// What the judging stages learned of a line, remembered with its normalization (in the
// normalize stage's per-thread memo) for as long as the memo keeps the line: a template
// line comes back on every page of its site, and is then matched against the rules and
// counted once, not once per page. Each answer names the object it came from by serial
// (NextSerial() in line_memo.h), so another engine's rules or lists are asked again;
// 0: not known yet.
struct LineFacts {
  uint64_t rules_owner = 0;  // the rule index
  std::vector<uint16_t> rule_hits;
  uint64_t stopwords_owner = 0;  // the stopword lists
  uint64_t stopword_mask = 0;    // the languages counted in (a LanguageMask)
  int16_t tokens = 0, stopwords = 0;
  uint64_t navigation_owner = 0;  // the navigation stage
  uint8_t navigation_known = 0, navigation_found = 0;  // its tests of the line, as bits
};

// Lines of more words are not folded: no rule looks at them (rules.h, kMaxRuleWords).
// Han and kana, written without spaces, count a word per kDensePerWord characters:
// Chinese words average under two characters; four leaves room, and keeps the limit
// above every Chinese and Japanese rule's max_chars (at most 400, Han counting twice).
inline constexpr int kMaxFoldWords = 60;
inline constexpr int kDensePerWord = 4;
inline bool WithinFoldLimit(const LineStats& s) {
  return s.words <= kMaxFoldWords && s.dense <= kDensePerWord * kMaxFoldWords;
}

struct Block {
  std::string text;        // the line as written (UTF-8, NFC after normalize), no trailing space
  // NFKC case-folded, whitespace collapsed, trimmed (after normalize); empty for lines
  // beyond WithinFoldLimit, which no rule looks at. For a line the normalize stage's memo
  // remembers, the memo's copy (valid while the page is cleaned, as |facts|): a template
  // line on every page of its site is not copied onto each; for others, |own_folded|.
  std::string_view folded() const {
    return remembered_folded ? std::string_view(*remembered_folded) : std::string_view(own_folded);
  }
  std::string own_folded;
  const std::string* remembered_folded = nullptr;
  uint32_t line = 0;       // 1-based line number in the source
  uint32_t blank_before = 0;  // blank lines between this block and the previous one
  LineStats stats;
  Verdict verdict;
  bool join_previous = false;  // set by rejoin: continues the previous kept block
  // Every rule (of any rule stage) matching this line, computed once by the first rule
  // stage that looks at it; indices into the engine's rule index. Kept in |facts| instead
  // where the line has them.
  std::vector<uint16_t> rule_hits;
  bool rules_matched = false;
  // The line's stopword counts (CountStopwords in stages/language.h), counted when a
  // judgement first asks: most lines are decided without them. -1: not counted yet.
  mutable int16_t counted_tokens = -1;
  mutable int16_t counted_stopwords = 0;
  // The normalize stage's memo entry for this line, valid while the page is cleaned (the
  // memo forgets only between pages); null for lines it does not keep.
  LineFacts* facts = nullptr;

  bool kept() const { return !verdict.removed(); }
  // The folded text where there is one, else the text: a key for comparing lines.
  std::string_view key() const {
    std::string_view f = folded();
    return f.empty() ? std::string_view(text) : f;
  }
};

// Where an HTML block sat in the page, for the structure stage. Plain-text documents
// have none: they live in Document::hints, a side vector, so Block stays as small as
// it is for text.
enum Container : uint16_t {
  kInNav = 1 << 0,
  kInHeader = 1 << 1,
  kInFooter = 1 << 2,
  kInAside = 1 << 3,
  kInForm = 1 << 4,
  kInMenu = 1 << 5,
  kInFigure = 1 << 6,
  kInFigcaption = 1 << 7,
  kInArticle = 1 << 8,   // <article> or <main>: hints the other way
  kInTable = 1 << 9,
  kInList = 1 << 10,
  kInLink = 1 << 11,     // all of the block's text is link text
};

// An element of an HTML page that may explain its blocks: one with class or id
// attributes, or a semantic container (nav, header, footer, aside, form, menu, figure,
// figcaption, article, main). Elements are stored in document order, so a parent's
// index is smaller than its children's.
struct HtmlElement {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t parent = kNone;  // the nearest recorded ancestor
  std::string_view tag;     // lower-case name, static storage ("div", "nav"...)
  std::string tokens;       // class and role values and "#" + id, as written, space-separated
};

// The structure hints of one HTML block (Document::hints[i] for blocks[i]).
struct BlockHints {
  std::string_view tag;     // the innermost block-level element: "p", "li", "h2", "td"...
  uint32_t element = HtmlElement::kNone;  // the innermost recorded element enclosing it
  uint16_t containers = 0;  // Container bits of every enclosing element
  uint8_t heading = 0;      // 1..6 inside <h1>..<h6>
  uint32_t chars = 0;       // non-space code points
  uint32_t link_chars = 0;  // of which inside <a href>

  double link_density() const { return chars ? double(link_chars) / chars : 0.0; }
};

class Stopwords;

struct Document {
  std::string id;           // file path, record id, ...
  std::string site;         // the site it belongs to (URL host, --site-key, parent folder); may be empty
  std::string lang;         // ISO 639-1 code after the language stage; empty if unknown
  bool stopwords_known = false;  // the language stage had a stopword list for |lang|
  // Set by the language stage: the lists and languages a line's stopwords are counted in.
  const Stopwords* stopword_lists = nullptr;
  uint64_t stopword_mask = 0;  // a LanguageMask
  std::vector<Block> blocks;
  uint32_t trailing_blank = 0;  // blank lines after the last block
  uint64_t bytes_in = 0;
  uint64_t invalid_utf8 = 0;  // sequences replaced by U+FFFD
  // Every block's text is known to be valid UTF-8 (the reader checked the whole page at
  // once), so normalizing need not check it line by line.
  bool valid_utf8 = false;
  // HTML pages only (empty for text): hints[i] describes blocks[i]; elements are the
  // recorded elements the hints point into.
  std::vector<BlockHints> hints;
  std::vector<HtmlElement> elements;
  std::string title;        // HTML <title>, whitespace collapsed
  std::string charset;      // the charset the page was converted from (HTML: read in); "" for UTF-8 text
  uint32_t parse_errors = 0;  // HTML: errors the parser recovered from
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_DOCUMENT_H_
