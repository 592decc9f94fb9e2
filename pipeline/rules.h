// Rule packs: boilerplate phrases and patterns as TOML data (rules/<lang>.toml), compiled
// into RE2 sets. See README.md, "Rule packs", for the format.
//
//   RuleBook book;
//   book.LoadPack("rules/en.toml", text);          // throws ConfigError naming file:line
//   RuleMatcher m(book, "phrase_rules");           // every rule of that stage, all packs
//   const Rule* r = m.Match(Fold(line), words, chars);
//
// A RuleMatcher is immutable after construction and safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_RULES_H_
#define BOILERSTRIP_PIPELINE_RULES_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"  // kDensePerWord

namespace re2 {
class RE2;
class Set;
}  // namespace re2

namespace boilerstrip {

enum class MatchKind { kLine, kPrefix, kContains, kRegex };
enum class RuleAction { kDrop, kDropSection };

struct Rule {
  std::string id;      // "<lang>.<local id>", e.g. "fi.toc_header"
  std::string stage;   // phrase_rules | footers | captions
  MatchKind kind = MatchKind::kLine;
  RuleAction action = RuleAction::kDrop;
  std::vector<std::string> phrases;  // folded (line, prefix, contains)
  std::string pattern;               // regex
  int max_words = 0;                 // 0: no limit (contains and regex: kDefaultMaxWords)
  int max_chars = 0;                 // 0: no limit
  std::vector<std::string> examples;
  std::vector<std::string> counterexamples;
  std::string source;  // "file:line" of the [[rule]] table
};

// The stages a rule may name.
const std::vector<std::string_view>& RuleStages();

// No rule looks at a line of more words: a long paragraph is article text, never taken
// for boilerplate by a phrase, and it is not even folded. Contains and regex rules look
// at lines up to this length unless they set a smaller max_words.
inline constexpr int kDefaultMaxWords = 60;
inline constexpr int kMaxRuleWords = 60;

// The largest RE2 program a rule's regex may compile to. Every rule is compiled at start
// up, so one Unicode class (\pL is ~1200 instructions) repeated in a pattern slows every
// run; `rules check` enforces this budget.
inline constexpr int kMaxRegexProgramSize = 1500;

class RuleBook {
 public:
  // Parses one pack; |name| is used in error messages. Throws ConfigError.
  void LoadPack(std::string_view name, std::string_view toml_text);
  // Loads every *.toml in |dir| except pipeline configs (files with a [[stage]] table).
  void LoadDirectory(const std::string& dir);
  // Loads the packs compiled into the binary.
  void LoadEmbedded();
  // Parses (name, TOML text) packs in parallel and adds them in order. Throws ConfigError
  // for the first pack, in order, that has an error.
  void LoadPacks(const std::vector<std::pair<std::string, std::string_view>>& packs);

  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<std::string>& packs() const { return packs_; }

 private:
  // Adds one pack's parsed rules; throws if an id is taken by an earlier pack.
  void AddPack(std::string_view name, std::vector<Rule> rules);

  std::vector<Rule> rules_;
  std::set<std::string, std::less<>> ids_;
  std::vector<std::string> packs_;
};

// Line facts a rule's limits look at.
struct LineShape {
  int words = 0;
  int chars = 0;
  // Han and kana characters. Written without spaces, a paragraph of them is one "word":
  // for the limit on every rule (kMaxRuleWords) they count a word per kDensePerWord.
  int dense = 0;
  static LineShape Of(std::string_view folded);
};

namespace internal {
// The bytes a match can start with, lo..hi inclusive; all of them if nothing is known.
struct ByteRange {
  unsigned char lo = 0, hi = 0xFF;
};
// A range holding the first byte of every match of |re| (compiled from |pattern|).
ByteRange FirstByteRange(const re2::RE2& re, std::string_view pattern);
// Whether some byte of |text| lies in |range|.
bool HasByteIn(std::string_view text, ByteRange range);
// Whether RE2 searches the unanchored regex |pattern| backwards from the end of the
// line: it ends in "$" at its top level, as RE2 detects it. The reverse program's DFA
// gets a third of the regex's memory budget.
bool SearchedBackwards(const std::string& pattern);
}  // namespace internal

class RuleMatcher {
 public:
  // Compiles the rules of |stage| (all stages if empty). Throws ConfigError.
  RuleMatcher(const RuleBook& book, std::string_view stage);
  ~RuleMatcher();
  RuleMatcher(const RuleMatcher&) = delete;
  RuleMatcher& operator=(const RuleMatcher&) = delete;

  // The first rule (in load order) matching the folded line, or nullptr.
  const Rule* Match(std::string_view folded, LineShape shape) const;
  // Every matching rule, in load order.
  std::vector<const Rule*> MatchAll(std::string_view folded, LineShape shape) const;
  // The indices (see rule()) of every matching rule, ascending.
  void MatchIndices(std::string_view folded, LineShape shape, std::vector<uint16_t>* out) const;
  const Rule& rule(int index) const { return *rules_[index]; }
  bool empty() const { return rules_.empty(); }
  // No rule matches a line of more words than this.
  int max_words() const { return max_words_; }
  // A number no other matcher of the process has (NextSerial() in line_memo.h).
  uint64_t serial() const { return serial_; }

 private:
  struct Compiled;
  // Adds the indices of matching rules to |hits| (unsorted, maybe repeated), skipping
  // the sets whose rules cannot match a line of |words| words.
  void Collect(std::string_view folded, int words, std::vector<int>* hits) const;
  // Runs every regex rule on its own (when a set's DFA runs out of memory).
  void MatchOneByOne(std::string_view folded, std::vector<int>* hits) const;
  // Whether |r|'s line limits admit a line of |shape|.
  static bool Applies(const Rule& r, LineShape shape);

  std::vector<const Rule*> rules_;
  std::unique_ptr<Compiled> compiled_;
  int max_words_ = 0;
  uint64_t serial_;  // names its answers kept in LineFacts (document.h)
};

// Runs every rule's examples and counterexamples; returns one message per failure.
std::vector<std::string> CheckRuleExamples(const RuleBook& book);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_RULES_H_
