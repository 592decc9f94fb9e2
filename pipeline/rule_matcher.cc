// Matching folded lines against the rules of a RuleBook (see rules.h).
#include "pipeline/rules.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include "pipeline/literal_finder.h"
#include "pipeline/rule_regex.h"
#include "pipeline/status.h"
#include "pipeline/stopwords.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

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
    joined += (joined.empty() ? "" : "|") + a.substr(1);
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

// Line phrases are looked up in a hash map, prefix phrases walked in a byte trie, and
// contains phrases and regexes found by RE2 sets; phrase hits are then checked for word
// boundaries in C++, which keeps the sets literal and quick to build.
struct RuleMatcher::Compiled {
  struct Phrase {
    std::string text;
    int rule;
  };
  struct TrieNode {
    std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
    std::vector<int> phrases;                          // indices into |prefix|
  };
  std::unordered_map<std::string, std::vector<int>, TransparentHash, std::equal_to<>>
      line;  // stripped phrase -> rules
  std::vector<Phrase> prefix;
  std::vector<TrieNode> trie{1};
  std::vector<Phrase> contains;
  std::unique_ptr<RE2::Set> contains_set;
  // Regexes anchored at the line start run as one anchored set, which gives up at the
  // first byte no pattern can continue with. The others go through FilteredRE2: the
  // literal strings they require ("atoms") are looked for in the line, and only the
  // regexes whose atoms occur run. One set of all of them would build a DFA too large to
  // be fast.
  std::unique_ptr<RE2::Set> anchored_set;
  std::vector<int> anchored_rule;  // anchored_set index -> rule
  re2::FilteredRE2 unanchored{3};
  std::unique_ptr<LiteralFinder> atoms;
  std::vector<int> unanchored_rule;  // FilteredRE2 id -> rule
  std::vector<int> regex_rule;  // every regex rule, for the fallback below
  // The longest line (in words) any rule of a set may match: longer lines skip the set.
  int contains_words = 0, anchored_words = 0, unanchored_words = 0;
  // Built on first need only, if the set's DFA ever runs out of memory.
  mutable std::once_flag singles_once;
  mutable std::vector<std::unique_ptr<RE2>> singles;

  void AddPrefix(const std::string& text, int rule) {
    int node = 0;
    for (unsigned char c : text) {
      auto& next = trie[node].next;
      auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(c, 0));
      if (it == next.end() || it->first != c) {
        it = next.insert(it, {c, static_cast<int>(trie.size())});
        int created = it->second;
        trie.emplace_back();
        node = created;
      } else {
        node = it->second;
      }
    }
    trie[node].phrases.push_back(static_cast<int>(prefix.size()));
    prefix.push_back({text, rule});
  }
};

RuleMatcher::RuleMatcher(const RuleBook& book, std::string_view stage)
    : compiled_(std::make_unique<Compiled>()) {
  auto& c = *compiled_;
  c.contains_set = std::make_unique<RE2::Set>(RuleRegexOptions(), RE2::UNANCHORED);
  c.anchored_set = std::make_unique<RE2::Set>(RuleRegexOptions(), RE2::ANCHOR_START);
  auto add = [](RE2::Set& set, const std::string& pattern, const Rule& r) {
    std::string error;
    if (set.Add(pattern, &error) < 0)
      throw ConfigError(fmt::format("{}: rule {}: bad pattern: {}", r.source, r.id, error));
  };
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
        for (const auto& p : r.phrases) c.line[p].push_back(index);
        break;
      case MatchKind::kPrefix:
        for (const auto& p : r.phrases) c.AddPrefix(p, index);
        break;
      case MatchKind::kContains:
        c.contains_words = std::max(c.contains_words, limit);
        for (const auto& p : r.phrases) {
          add(*c.contains_set, RE2::QuoteMeta(p), r);
          c.contains.push_back({p, index});
        }
        break;
      case MatchKind::kRegex: {
        c.regex_rule.push_back(index);
        std::string rest;
        if (AnchoredAtStart(r.pattern, &rest)) {
          c.anchored_words = std::max(c.anchored_words, limit);
          add(*c.anchored_set, rest, r);
          c.anchored_rule.push_back(index);
        } else {
          c.unanchored_words = std::max(c.unanchored_words, limit);
          int id;
          if (c.unanchored.Add(r.pattern, RuleRegexOptions(kRuleRegexMemory), &id) != RE2::NoError)
            throw ConfigError(fmt::format("{}: rule {}: bad regex", r.source, r.id));
          c.unanchored_rule.push_back(index);
        }
        break;
      }
    }
  }
  if (!c.contains.empty() && !c.contains_set->Compile())
    throw ConfigError("contains phrases too many to compile together");
  if (!c.anchored_rule.empty() && !c.anchored_set->Compile())
    throw ConfigError("rule regexes too large to compile together");
  if (!c.unanchored_rule.empty()) {
    std::vector<std::string> atoms;
    c.unanchored.Compile(&atoms);
    c.atoms = std::make_unique<LiteralFinder>(std::move(atoms));
  }
}

RuleMatcher::~RuleMatcher() = default;

void RuleMatcher::Collect(std::string_view folded, int words, std::vector<int>* hits) const {
  const auto& c = *compiled_;
  std::string_view stripped = StripNonAlnum(folded, true, true);
  if (auto it = c.line.find(stripped); it != c.line.end())
    hits->insert(hits->end(), it->second.begin(), it->second.end());

  std::string_view start = StripNonAlnum(folded, true, false);
  int node = 0;
  for (size_t i = 0;; ++i) {
    for (int p : c.trie[node].phrases)
      if (AtWordBoundaries(start, 0, c.prefix[p].text)) hits->push_back(c.prefix[p].rule);
    if (i == start.size()) break;
    const auto& next = c.trie[node].next;
    auto it = std::lower_bound(next.begin(), next.end(),
                               std::make_pair(static_cast<unsigned char>(start[i]), 0));
    if (it == next.end() || it->first != static_cast<unsigned char>(start[i])) break;
    node = it->second;
  }

  thread_local std::vector<int> found;
  found.clear();
  if (!c.contains.empty() && words <= c.contains_words && c.contains_set->Match(folded, &found)) {
    for (int i : found) {
      const std::string& phrase = c.contains[i].text;
      for (size_t pos = folded.find(phrase); pos != std::string_view::npos;
           pos = folded.find(phrase, pos + 1)) {
        if (AtWordBoundaries(folded, pos, phrase)) {
          hits->push_back(c.contains[i].rule);
          break;
        }
      }
    }
  }
  if (!c.anchored_rule.empty() && words <= c.anchored_words) {
    found.clear();
    RE2::Set::ErrorInfo error;
    if (c.anchored_set->Match(folded, &found, &error)) {
      for (int i : found) hits->push_back(c.anchored_rule[i]);
    } else if (error.kind != RE2::Set::kNoError) {
      MatchOneByOne(folded, hits);
      return;
    }
  }
  if (!c.unanchored_rule.empty() && words <= c.unanchored_words) {
    c.atoms->Find(folded, &found);
    thread_local std::vector<int> matched;
    matched.clear();
    c.unanchored.AllMatches(folded, found, &matched);
    for (int id : matched) hits->push_back(c.unanchored_rule[id]);
  }
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
  if (shape.words > max_words_) return;
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
