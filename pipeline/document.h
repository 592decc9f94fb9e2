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
  int tokens = 0;         // word tokens seen by the stopword counter (the first 24)
  int stopwords = 0;      // of which are stopwords of the document's language
  int separators = 0;     // strong item separators (" | ", " · ", " > " ...) in the folded line
  bool terminal = false;  // ends with sentence punctuation (. ! ? … 。 । …)
  bool clause_punct = false;  // has , ; : or their CJK forms inside
  bool caseless_script = false;  // first letter from a script without case
  bool unpunctuated_script = false;  // Thai, Lao, Khmer, Myanmar: no sentence marks
  bool starts_lower = false;
  bool starts_upper = false;
  bool all_capitalized = false;  // every word starts with a capital or a digit ("Home Tests News")

  double stop_density() const { return tokens ? double(stopwords) / tokens : 0.0; }
};

// Lines of more words are not folded: no rule looks at them (rules.h, kMaxRuleWords).
inline constexpr int kMaxFoldWords = 60;

struct Block {
  std::string text;        // the line as written (UTF-8, NFC after normalize), no trailing space
  // NFKC case-folded, whitespace collapsed, trimmed (after normalize); empty for lines
  // longer than kMaxFoldWords words, which no rule looks at.
  std::string folded;
  uint32_t line = 0;       // 1-based line number in the source
  uint32_t blank_before = 0;  // blank lines between this block and the previous one
  LineStats stats;
  Verdict verdict;
  bool join_previous = false;  // set by rejoin: continues the previous kept block
  // Every rule (of any rule stage) matching this line, computed once by the first rule
  // stage that looks at it; indices into the engine's rule index.
  std::vector<uint16_t> rule_hits;
  bool rules_matched = false;

  bool kept() const { return !verdict.removed(); }
  // The folded text where there is one, else the text: a key for comparing lines.
  const std::string& key() const { return folded.empty() ? text : folded; }
};

struct Document {
  std::string id;           // file path, record id, ...
  std::string site;         // the site it belongs to (URL host, --site-key, parent folder); may be empty
  std::string lang;         // ISO 639-1 code after the language stage; empty if unknown
  bool stopwords_known = false;  // the language stage had a stopword list for |lang|
  std::vector<Block> blocks;
  uint32_t trailing_blank = 0;  // blank lines after the last block
  uint64_t bytes_in = 0;
  uint64_t invalid_utf8 = 0;  // sequences replaced by U+FFFD
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_DOCUMENT_H_
