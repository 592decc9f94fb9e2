// Matching folded lines against the rules of a RuleBook (see rules.h).
#include "pipeline/rules.h"

#include <algorithm>
#include <array>
#include <future>
#include <mutex>
#include <span>
#include <string>
#include <tuple>

#include <fmt/format.h>
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include "pipeline/flat_map.h"
#include "pipeline/hash.h"
#include "pipeline/line_memo.h"
#include "pipeline/literal_finder.h"
#include "pipeline/regex_start.h"
#include "pipeline/rule_regex.h"
#include "pipeline/status.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

// An anchored pattern whose matches may start with more pairs of bytes than this (of
// 65,536) is run as the unanchored ones are: the shipped packs have a few at 25,000 or
// more, that admit a word of anything first, and the rest at 300 or fewer.
constexpr size_t kMaxStartPairs = 4096;

// Whether a word boundary must be checked next to |c|: only where words are separated
// by spaces; "禁止转载" inside a Chinese sentence is still the phrase.
bool NeedsBoundary(UChar32 c) { return IsLetterOrDigit(c) && !IsUnspacedScript(c); }

// Splits |pattern| at its top-level '|' (outside groups and classes).
std::vector<std::string> TopLevelAlternatives(const std::string& pattern) {
  std::vector<std::string> alternatives(1);
  int depth = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      alternatives.back() += pattern.substr(i++, 2);
      continue;
    }
    if (c == '[') {
      // Copy the class whole: a ']' right after '[' or '[^' is a literal.
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') j += pattern[j] == '\\' ? 2 : 1;
      alternatives.back() += pattern.substr(i, j + 1 - i);
      i = j;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == '|' && depth == 0) {
      alternatives.emplace_back();
      continue;
    }
    alternatives.back() += c;
  }
  return alternatives;
}

// Whether every alternative of |pattern| is anchored at the line start ("^a|^b", "^(?:a|b)c");
// then |*rest| is the pattern without its anchors, for a set that anchors it.
bool AnchoredAtStart(const std::string& pattern, std::string* rest) {
  std::vector<std::string> alternatives = TopLevelAlternatives(pattern);
  std::string joined;
  for (const std::string& a : alternatives) {
    if (a.empty() || a[0] != '^') return false;
    if (!joined.empty()) joined += '|';
    joined.append(a, 1);
  }
  *rest = alternatives.size() == 1 ? joined : "(?:" + joined + ")";
  return true;
}

// Whether |phrase| found at |pos| in |text| stands as whole words.
bool AtWordBoundaries(std::string_view text, size_t pos, std::string_view phrase) {
  size_t i = 0, end = phrase.size();
  if (pos > 0 && NeedsBoundary(NextCodePoint(phrase, &i))) {
    size_t before = pos;
    if (IsLetterOrDigit(PrevCodePoint(text, &before))) return false;
  }
  if (pos + phrase.size() < text.size() && NeedsBoundary(PrevCodePoint(phrase, &end))) {
    size_t after = pos + phrase.size();
    if (IsLetterOrDigit(NextCodePoint(text, &after))) return false;
  }
  return true;
}

}  // namespace

namespace internal {

ByteRange FirstByteRange(const RE2& re, std::string_view pattern) {
  // \b and \B look at the byte before the match, which RE2's range analysis, seeing the
  // match as a whole text, does not: with them a match could start elsewhere.
  if (pattern.find("\\b") != std::string_view::npos ||
      pattern.find("\\B") != std::string_view::npos)
    return {};
  std::string min, max;
  if (!re.PossibleMatchRange(&min, &max, 4) || min.empty() || max.empty()) return {};
  // Every match m has min <= m <= max, so its first byte lies between theirs.
  return {static_cast<unsigned char>(min[0]), static_cast<unsigned char>(max[0])};
}

bool SearchedBackwards(const std::string& pattern) {
  if (TopLevelAlternatives(pattern).size() != 1 || !pattern.ends_with('$')) return false;
  size_t backslashes = 0;
  for (size_t i = pattern.size() - 1; i > 0 && pattern[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

bool HasByteIn(std::string_view text, ByteRange range) {
  if (range.lo == 0 && range.hi == 0xFF) return true;
  if (range.lo == range.hi) return text.find(static_cast<char>(range.lo)) != std::string_view::npos;
  for (unsigned char c : text)
    if (c >= range.lo && c <= range.hi) return true;
  return false;
}

}  // namespace internal

// Line phrases are looked up in a hash map and prefix phrases walked in a byte trie.
// Contains phrases and the literals the unanchored regexes need are found by one
// LiteralFinder pass; phrase hits are then checked for word boundaries in C++.
struct RuleMatcher::Compiled {
  struct Phrase {
    std::string text;
    int rule;
  };
  FlatMap<std::string, std::vector<int>, TransparentHash> line;  // stripped phrase -> rules
  size_t longest_line = 0;  // of the phrases in |line|: longer lines are none of them
  std::vector<Phrase> prefix;
  // The trie laid out for the walk, which runs on every new line and mostly missed the
  // cache at each node and again at its children: node k's children are the bytes
  // child_byte[first_child[k] .. first_child[k + 1]) and the nodes child_node[...], its
  // phrases node_phrases[first_phrase[k] .. first_phrase[k + 1]); the root's children
  // by byte directly (0: none, the root being no one's child).
  std::vector<uint32_t> first_child, first_phrase, child_node;
  std::vector<unsigned char> child_byte;
  std::vector<int> node_phrases;
  std::array<uint32_t, 256> root_child{};
  std::vector<Phrase> contains;
  // Regexes anchored at the line start run as one anchored set, which gives up at the
  // first byte no pattern can continue with. The others go through FilteredRE2: the
  // literal strings they require ("atoms") are looked for in the line, and only the
  // regexes whose atoms occur run. One set of all of them would build a DFA too large to
  // be fast.
  // The set runs only on lines whose first two bytes may start a match of one of its
  // patterns (|anchored_start|: a fifth of the lines are turned away). A pattern whose
  // matches may start nearly anyhow, with a word or three of anything
  // ("^[^ ]+\.(?:jpe?g|png)$"), runs with the unanchored regexes instead: in the set it
  // kept the DFA walking through the first words of every line.
  std::unique_ptr<RE2::Set> anchored_set;
  std::vector<int> anchored_rule;  // anchored_set index -> rule
  StartPairs anchored_start{.known = true};  // the union of its patterns' pairs
  re2::FilteredRE2 unanchored{3};
  std::vector<int> unanchored_rule;  // FilteredRE2 id -> rule
  // FilteredRE2 id -> the rule's word limit: a regex is not run on a line it could not
  // apply to, whatever it would find (RuleMatcher::Applies drops such hits anyway).
  std::vector<int> unanchored_words_limit;
  // The regexes FilteredRE2 found no atoms for: they run on every line that holds a
  // byte their matches can start with (RE2's per-call cost dwarfs the scan).
  std::vector<int> unfiltered;
  std::vector<internal::ByteRange> first_bytes;  // FilteredRE2 id -> first byte of a match
  // FilteredRE2 works out which regexes a set of found atoms admits by propagating it
  // through its tree of prefilters, allocating on every call. The answer depends on the
  // set alone, and lines bring the same few sets again and again, so it is remembered.
  struct AtomsHash {
    size_t operator()(const std::vector<int>& atoms) const {
      return HashBytes(atoms.data(), atoms.size() * sizeof(int));
    }
  };
  uint64_t serial = 0;  // the RuleMatcher's: names the candidates each thread remembers
  // The atoms (indices below |atom_count|), then the contains phrases.
  std::unique_ptr<LiteralFinder> literals;
  int atom_count = 0;
  std::vector<int> regex_rule;  // every regex rule, for the fallback below
  // The longest line (in words) any rule of a set may match: longer lines skip the set.
  int contains_words = 0, anchored_words = 0, unanchored_words = 0;
  // Built on first need only, if the set's DFA ever runs out of memory.
  mutable std::once_flag singles_once;
  mutable std::vector<std::unique_ptr<RE2>> singles;

  // Each adds the rules of one kind that match |folded| to |hits|.
  void MatchLine(std::string_view folded, std::vector<int>* hits) const;
  void MatchPrefix(std::string_view folded, std::vector<int>* hits) const;
  // |found|: the indices of the contains phrases |literals| found in |folded|.
  void MatchContains(std::string_view folded, std::span<const int> found,
                     std::vector<int>* hits) const;
  // False if the set's DFA ran out of memory.
  bool MatchAnchored(std::string_view folded, std::vector<int>* hits) const;
  // Sets |*regexes| to the unanchored regexes that may match a line holding |atoms|.
  void Candidates(const std::vector<int>& atoms, std::vector<int>* regexes) const;
  // |atoms|: the indices of the atoms |literals| found in |folded|.
  void MatchUnanchored(std::string_view folded, int words, const std::vector<int>& atoms,
                       std::vector<int>* hits) const;

  // Lays the prefix phrases out as the byte trie the walk reads: nodes numbered level by
  // level, each a run of the phrases (sorted) that share its bytes so far. Built from the
  // sorted phrases at once: inserting them one by one into nodes of their own took a
  // quarter of the engine's start-up.
  void BuildTrie() {
    std::vector<uint32_t> order(prefix.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return prefix[a].text < prefix[b].text; });
    struct Node {
      uint32_t first, end, depth;  // the run of |order| under the node, and its depth
    };
    std::vector<Node> nodes{{0, static_cast<uint32_t>(order.size()), 0}};
    auto byte_at = [&](uint32_t at, uint32_t depth) {
      return static_cast<unsigned char>(prefix[order[at]].text[depth]);
    };
    for (size_t k = 0; k < nodes.size(); ++k) {
      auto [first, end, depth] = nodes[k];
      first_child.push_back(static_cast<uint32_t>(child_node.size()));
      first_phrase.push_back(static_cast<uint32_t>(node_phrases.size()));
      // The phrases that end here sort before those that go on.
      for (; first < end && prefix[order[first]].text.size() == depth; ++first)
        node_phrases.push_back(static_cast<int>(order[first]));
      while (first < end) {
        const unsigned char byte = byte_at(first, depth);
        uint32_t run_end = first;
        while (run_end < end && byte_at(run_end, depth) == byte) ++run_end;
        const auto child = static_cast<uint32_t>(nodes.size());
        child_byte.push_back(byte);
        child_node.push_back(child);
        if (k == 0) root_child[byte] = child;
        nodes.push_back({first, run_end, depth + 1});
        first = run_end;
      }
    }
    first_child.push_back(static_cast<uint32_t>(child_node.size()));
    first_phrase.push_back(static_cast<uint32_t>(node_phrases.size()));
  }
};

RuleMatcher::RuleMatcher(const RuleBook& book, std::string_view stage)
    : compiled_(std::make_unique<Compiled>()), serial_(NextSerial()) {
  auto& c = *compiled_;
  c.serial = serial_;
  c.anchored_set = std::make_unique<RE2::Set>(RuleRegexOptions(), RE2::ANCHOR_START);
  // The regexes, parsed and compiled below: the anchored ones (without their "^") into
  // their set on a thread of their own (or here, at get(), if none can be had), the
  // others here, at the same time.
  std::vector<std::string> anchored_patterns;  // beside anchored_rule
  for (const Rule& r : book.rules()) {
    if (!stage.empty() && r.stage != stage) continue;
    int index = static_cast<int>(rules_.size());
    if (index > UINT16_MAX) throw ConfigError("more than 65535 rules");
    rules_.push_back(&r);
    int limit = r.max_words;
    if (limit == 0) limit = r.kind == MatchKind::kLine || r.kind == MatchKind::kPrefix
                                ? kMaxRuleWords : kDefaultMaxWords;
    max_words_ = std::max(max_words_, limit);
    switch (r.kind) {
      case MatchKind::kLine:
        for (const auto& p : r.phrases) {
          c.line[p].push_back(index);
          c.longest_line = std::max(c.longest_line, p.size());
        }
        break;
      case MatchKind::kPrefix:
        for (const auto& p : r.phrases) c.prefix.push_back({p, index});
        break;
      case MatchKind::kContains:
        c.contains_words = std::max(c.contains_words, limit);
        for (const auto& p : r.phrases) c.contains.push_back({p, index});
        break;
      case MatchKind::kRegex: {
        c.regex_rule.push_back(index);
        std::string rest;
        StartPairs start;
        if (AnchoredAtStart(r.pattern, &rest) &&
            (start = AnchoredStartPairs(rest)).known && start.PairCount() <= kMaxStartPairs) {
          c.anchored_words = std::max(c.anchored_words, limit);
          anchored_patterns.push_back(std::move(rest));
          c.anchored_rule.push_back(index);
          c.anchored_start.Merge(start);
        } else {
          c.unanchored_words = std::max(c.unanchored_words, limit);
          c.unanchored_rule.push_back(index);
          c.unanchored_words_limit.push_back(limit);
        }
        break;
      }
    }
  }
  auto compile_anchored = [this, &c, &anchored_patterns] {
    for (size_t i = 0; i < anchored_patterns.size(); ++i) {
      std::string error;
      if (c.anchored_set->Add(anchored_patterns[i], &error) < 0) {
        const Rule& r = *rules_[c.anchored_rule[i]];
        throw ConfigError(fmt::format("{}: rule {}: bad pattern: {}", r.source, r.id, error));
      }
    }
    return c.anchored_rule.empty() || c.anchored_set->Compile();
  };
  std::future<bool> anchored = std::async(std::launch::async | std::launch::deferred, compile_anchored);
  for (int rule : c.unanchored_rule) {
    const Rule* r = rules_[rule];
    int id;
    // A DFA that outgrows its budget starts again from nothing, and one that does so
    // too often gives way to the NFA: the reverse program gets the room a forward one
    // has (the credit-line regex, counting up to 60 characters backwards, took
    // 1.6 us a line on a third of it). The forward program's two thirds stay unused:
    // RE2 needs it only to say where a match is, which PartialMatch does not ask.
    int64_t memory =
        internal::SearchedBackwards(r->pattern) ? 3 * kRuleRegexMemory : kRuleRegexMemory;
    if (c.unanchored.Add(r->pattern, RuleRegexOptions(memory), &id) != RE2::NoError)
      throw ConfigError(fmt::format("{}: rule {}: bad regex", r->source, r->id));
  }
  std::vector<std::string> literals;
  if (!c.unanchored_rule.empty()) {
    c.unanchored.Compile(&literals);
    c.unanchored.AllPotentials({}, &c.unfiltered);
    c.first_bytes.resize(c.unanchored_rule.size());
    for (int id : c.unfiltered)
      c.first_bytes[id] = internal::FirstByteRange(c.unanchored.GetRE2(id),
                                                   rules_[c.unanchored_rule[id]]->pattern);
  }
  c.atom_count = static_cast<int>(literals.size());
  for (const auto& p : c.contains) literals.push_back(p.text);
  c.literals = std::make_unique<LiteralFinder>(std::move(literals));
  c.BuildTrie();
  if (!anchored.get()) throw ConfigError("rule regexes too large to compile together");
}

RuleMatcher::~RuleMatcher() = default;

void RuleMatcher::Compiled::MatchLine(std::string_view folded, std::vector<int>* hits) const {
  if (line.empty()) return;
  std::string_view stripped = StripNonAlnum(folded, true, true);
  if (stripped.size() > longest_line) return;
  if (const std::vector<int>* rules = line.find(stripped))
    hits->insert(hits->end(), rules->begin(), rules->end());
}

void RuleMatcher::Compiled::MatchPrefix(std::string_view folded, std::vector<int>* hits) const {
  std::string_view start = StripNonAlnum(folded, true, false);
  uint32_t node = 0;
  for (size_t i = 0;; ++i) {
    for (uint32_t k = first_phrase[node]; k < first_phrase[node + 1]; ++k) {
      const Phrase& phrase = prefix[node_phrases[k]];
      if (AtWordBoundaries(start, 0, phrase.text)) hits->push_back(phrase.rule);
    }
    if (i == start.size()) break;
    const unsigned char byte = static_cast<unsigned char>(start[i]);
    if (node == 0) {
      node = root_child[byte];
      if (node == 0) break;
      continue;
    }
    // Past the first byte most nodes have a child or two.
    const unsigned char* first = child_byte.data() + first_child[node];
    const unsigned char* last = child_byte.data() + first_child[node + 1];
    const unsigned char* at = std::find(first, last, byte);
    if (at == last) break;
    node = child_node[at - child_byte.data()];
  }
}

void RuleMatcher::Compiled::MatchContains(std::string_view folded, std::span<const int> found,
                                          std::vector<int>* hits) const {
  for (int literal : found) {
    const Phrase& phrase = contains[literal - atom_count];
    for (size_t pos = folded.find(phrase.text); pos != std::string_view::npos;
         pos = folded.find(phrase.text, pos + 1)) {
      if (AtWordBoundaries(folded, pos, phrase.text)) {
        hits->push_back(phrase.rule);
        break;
      }
    }
  }
}

bool RuleMatcher::Compiled::MatchAnchored(std::string_view folded, std::vector<int>* hits) const {
  if (anchored_rule.empty() || !anchored_start.MayStart(folded)) return true;
  // Most lines match no pattern: asking first whether any does spares the set the
  // bookkeeping of which ones.
  thread_local std::vector<int> matched;
  RE2::Set::ErrorInfo error;
  if (anchored_set->Match(folded, nullptr, &error) && anchored_set->Match(folded, &matched, &error))
    for (int i : matched) hits->push_back(anchored_rule[i]);
  return error.kind == RE2::Set::kNoError;
}

void RuleMatcher::Compiled::Candidates(const std::vector<int>& atoms,
                                       std::vector<int>* regexes) const {
  if (atoms.empty()) {
    *regexes = unfiltered;
    return;
  }
  // Each thread remembers its own: a table shared by the workers took a lock per line,
  // and its cache line went back and forth between the cores.
  struct Remembered {
    uint64_t owner = 0;
    FlatMap<std::vector<int>, std::vector<int>, AtomsHash> regexes;  // by atoms
  };
  thread_local Remembered remembered;
  if (remembered.owner != serial) {
    remembered.regexes.Clear();
    remembered.owner = serial;
  }
  if (const std::vector<int>* known = remembered.regexes.find(atoms)) {
    *regexes = *known;
    return;
  }
  unanchored.AllPotentials(atoms, regexes);
  // Bounded, should some corpus bring endless new combinations.
  constexpr size_t kMaxRemembered = 1 << 14;
  if (remembered.regexes.size() < kMaxRemembered) remembered.regexes[atoms] = *regexes;
}

void RuleMatcher::Compiled::MatchUnanchored(std::string_view folded, int words,
                                            const std::vector<int>& atoms, std::vector<int>* hits) const {
  if (unanchored_rule.empty()) return;
  thread_local std::vector<int> regexes;
  Candidates(atoms, &regexes);
  for (int id : regexes)
    if (words <= unanchored_words_limit[id] && internal::HasByteIn(folded, first_bytes[id]) &&
        RE2::PartialMatch(folded, unanchored.GetRE2(id)))
      hits->push_back(unanchored_rule[id]);
}

void RuleMatcher::Collect(std::string_view folded, int words, std::vector<int>* hits) const {
  const auto& c = *compiled_;
  c.MatchLine(folded, hits);
  c.MatchPrefix(folded, hits);
  bool contains = words <= c.contains_words, unanchored = words <= c.unanchored_words;
  thread_local std::vector<int> found;
  found.clear();
  if (contains || unanchored) c.literals->Find(folded, &found);
  // |found| is ascending: the atoms come before the contains phrases.
  auto phrases = std::lower_bound(found.begin(), found.end(), c.atom_count);
  if (contains) c.MatchContains(folded, std::span<const int>(phrases, found.end()), hits);
  found.erase(phrases, found.end());
  if (words <= c.anchored_words && !c.MatchAnchored(folded, hits)) {
    MatchOneByOne(folded, hits);  // the set's DFA ran out of memory: every regex on its own
    return;
  }
  if (unanchored) c.MatchUnanchored(folded, words, found, hits);
}

void RuleMatcher::MatchOneByOne(std::string_view folded, std::vector<int>* hits) const {
  // A set's DFA ran out of memory on this line: match the regexes one by one.
  auto& c = *compiled_;
  std::call_once(c.singles_once, [&c, this] {
    for (int rule : c.regex_rule)
      c.singles.push_back(std::make_unique<RE2>(rules_[rule]->pattern, RuleRegexOptions(kRuleRegexMemory)));
  });
  for (size_t i = 0; i < c.singles.size(); ++i)
    if (RE2::PartialMatch(folded, *c.singles[i])) hits->push_back(c.regex_rule[i]);
}

std::vector<const Rule*> RuleMatcher::MatchAll(std::string_view folded, LineShape shape) const {
  std::vector<uint16_t> indices;
  MatchIndices(folded, shape, &indices);
  std::vector<const Rule*> out;
  for (uint16_t i : indices) out.push_back(rules_[i]);
  return out;
}

void RuleMatcher::MatchIndices(std::string_view folded, LineShape shape,
                               std::vector<uint16_t>* out) const {
  out->clear();
  if (shape.words > max_words_ || shape.dense > kDensePerWord * max_words_) return;
  thread_local std::vector<int> hits;
  hits.clear();
  Collect(folded, shape.words, &hits);
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  for (int i : hits)
    if (Applies(*rules_[i], shape)) out->push_back(static_cast<uint16_t>(i));
}

bool RuleMatcher::Applies(const Rule& r, LineShape shape) {
  int max_words = r.max_words;
  if (max_words == 0) max_words = r.kind == MatchKind::kLine || r.kind == MatchKind::kPrefix
                                      ? kMaxRuleWords : kDefaultMaxWords;
  return shape.words <= max_words &&
         (r.max_chars == 0 || shape.chars <= r.max_chars);
}

const Rule* RuleMatcher::Match(std::string_view folded, LineShape shape) const {
  thread_local std::vector<uint16_t> indices;
  MatchIndices(folded, shape, &indices);
  return indices.empty() ? nullptr : rules_[indices.front()];
}

}  // namespace boilerstrip
