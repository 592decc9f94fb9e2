#include "pipeline/rules.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/filtered_re2.h>
#include <re2/set.h>
#include <toml++/toml.h>

#include "pipeline/literal_finder.h"
#include "pipeline/resources.h"
#include "pipeline/status.h"
#include "pipeline/stopwords.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

const std::set<std::string_view> kRuleKeys = {
    "id", "stage", "match", "phrases", "pattern", "action", "max_words", "max_chars",
    "examples", "counterexamples", "note"};
const std::set<std::string_view> kPackKeys = {"lang", "name", "note"};

std::string Where(std::string_view file, const toml::source_region& src) {
  return fmt::format("{}:{}", file, src.begin.line);
}

[[noreturn]] void Fail(std::string_view file, const toml::node& node, std::string_view msg) {
  throw ConfigError(fmt::format("{}: {}", Where(file, node.source()), msg));
}

std::vector<std::string> StringList(std::string_view file, const toml::table& t,
                                    std::string_view key) {
  std::vector<std::string> out;
  const toml::node* node = t.get(key);
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) Fail(file, *node, fmt::format("'{}' must be a list of strings", key));
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (!s) Fail(file, item, fmt::format("'{}' must be a list of strings", key));
    out.push_back(s->get());
  }
  return out;
}

std::string String(std::string_view file, const toml::table& t, std::string_view key,
                   std::string_view fallback) {
  const toml::node* node = t.get(key);
  if (!node) return std::string(fallback);
  const auto* s = node->as_string();
  if (!s) Fail(file, *node, fmt::format("'{}' must be a string", key));
  return s->get();
}

int NonNegativeInt(std::string_view file, const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  if (!node) return 0;
  const auto* v = node->as_integer();
  if (!v || v->get() < 0 || v->get() > 1'000'000)
    Fail(file, *node, fmt::format("'{}' must be a non-negative integer", key));
  return static_cast<int>(v->get());
}

bool ValidId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Memory budgets bound the DFA caches, which otherwise grow with the text seen. A set
// has no slower fallback inside RE2, so it gets room; a single regex falls back to its
// NFA when its DFA runs out, so it gets little (there are hundreds of them).
constexpr int64_t kSetMemory = int64_t{64} << 20;
constexpr int64_t kRegexMemory = int64_t{1} << 20;

RE2::Options RegexOptions(int64_t max_mem = kSetMemory) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

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

Rule ParseRule(std::string_view file, std::string_view lang, const toml::table& t) {
  for (const auto& [key, value] : t) {
    if (!kRuleKeys.count(key.str()))
      Fail(file, value, fmt::format("unknown field '{}' in [[rule]]", key.str()));
  }
  Rule r;
  r.source = Where(file, t.source());
  std::string local = String(file, t, "id", "");
  if (!ValidId(local)) Fail(file, t, "rule 'id' must be non-empty [a-z0-9_]");
  r.id = fmt::format("{}.{}", lang, local);
  r.stage = String(file, t, "stage", "phrase_rules");
  const auto& stages = RuleStages();
  if (std::find(stages.begin(), stages.end(), r.stage) == stages.end())
    Fail(file, t, fmt::format("rule {}: unknown stage '{}'", r.id, r.stage));
  std::string match = String(file, t, "match", "line");
  if (match == "line") r.kind = MatchKind::kLine;
  else if (match == "prefix") r.kind = MatchKind::kPrefix;
  else if (match == "contains") r.kind = MatchKind::kContains;
  else if (match == "regex") r.kind = MatchKind::kRegex;
  else Fail(file, t, fmt::format("rule {}: match must be line, prefix, contains or regex", r.id));
  std::string action = String(file, t, "action", "drop");
  if (action == "drop") r.action = RuleAction::kDrop;
  else if (action == "drop_section") r.action = RuleAction::kDropSection;
  else Fail(file, t, fmt::format("rule {}: action must be drop or drop_section", r.id));
  r.max_words = NonNegativeInt(file, t, "max_words");
  if (r.max_words > kMaxRuleWords)
    Fail(file, *t.get("max_words"),
         fmt::format("rule {}: max_words is at most {} (longer lines are article text)", r.id,
                     kMaxRuleWords));
  r.max_chars = NonNegativeInt(file, t, "max_chars");
  r.examples = StringList(file, t, "examples");
  r.counterexamples = StringList(file, t, "counterexamples");
  if (r.examples.empty()) Fail(file, t, fmt::format("rule {}: needs at least one example", r.id));

  std::vector<std::string> phrases = StringList(file, t, "phrases");
  r.pattern = String(file, t, "pattern", "");
  if (r.kind == MatchKind::kRegex) {
    if (r.pattern.empty() || !phrases.empty())
      Fail(file, t, fmt::format("rule {}: a regex rule needs 'pattern' and no 'phrases'", r.id));
    // Parsing is enough to find errors; the program is compiled once, in a RuleMatcher.
    RE2::Set probe(RegexOptions(), RE2::UNANCHORED);
    std::string error;
    if (probe.Add(r.pattern, &error) < 0)
      Fail(file, *t.get("pattern"), fmt::format("rule {}: bad regex: {}", r.id, error));
  } else {
    if (phrases.empty() || !r.pattern.empty())
      Fail(file, t, fmt::format("rule {}: needs 'phrases' and no 'pattern'", r.id));
    for (const std::string& p : phrases) {
      std::string folded = Fold(p);
      std::string_view key = StripNonAlnum(folded, true, r.kind == MatchKind::kLine);
      if (r.kind == MatchKind::kContains) key = folded;
      if (key.empty()) Fail(file, t, fmt::format("rule {}: phrase '{}' has no letters", r.id, p));
      r.phrases.emplace_back(key);
    }
  }
  return r;
}

}  // namespace

const std::vector<std::string_view>& RuleStages() {
  static const std::vector<std::string_view> kStages = {"phrase_rules", "footers", "captions"};
  return kStages;
}

void RuleBook::LoadPack(std::string_view name, std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}: {}", name, e.source().begin.line, e.description()));
  }
  const toml::table* pack = root["pack"].as_table();
  if (!pack) throw ConfigError(fmt::format("{}:1: missing [pack] table", name));
  for (const auto& [key, value] : root) {
    if (key.str() != "pack" && key.str() != "rule")
      Fail(name, value, fmt::format("unknown field '{}' (expected [pack] and [[rule]])", key.str()));
  }
  for (const auto& [key, value] : *pack) {
    if (!kPackKeys.count(key.str()))
      Fail(name, value, fmt::format("unknown field '{}' in [pack]", key.str()));
  }
  std::string lang = String(name, *pack, "lang", "");
  if (!ValidId(lang)) Fail(name, *pack, "[pack] needs lang = \"<code>\"");
  std::set<std::string> ids;
  for (const Rule& r : rules_) ids.insert(r.id);
  if (const toml::node* node = root.get("rule")) {
    const toml::array* arr = node->as_array();
    if (!arr) Fail(name, *node, "'rule' must be an array of tables ([[rule]])");
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) Fail(name, item, "'rule' must be an array of tables ([[rule]])");
      Rule r = ParseRule(name, lang, *t);
      if (!ids.insert(r.id).second) Fail(name, *t, fmt::format("duplicate rule id {}", r.id));
      rules_.push_back(std::move(r));
    }
  }
  packs_.emplace_back(name);
}

void RuleBook::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ConfigError(fmt::format("{}: not a rules directory", dir));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  if (ec) throw ConfigError(fmt::format("{}: {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read", path.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // A pipeline config may sit beside the packs; it is not a pack.
    if (text.find("[[stage]]") != std::string::npos && text.find("[pack]") == std::string::npos)
      continue;
    LoadPack(path.string(), text);
  }
}

void RuleBook::LoadEmbedded() {
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path.find('/') != std::string_view::npos || f.path == "pipeline.toml") continue;
    if (!f.path.ends_with(".toml")) continue;
    LoadPack(fmt::format("rules/{}", f.path), f.data);
  }
}

LineShape LineShape::Of(std::string_view folded) {
  LineShape s;
  bool in_word = false;
  size_t i = 0;
  while (i < folded.size()) {
    UChar32 c = NextCodePoint(folded, &i);
    ++s.chars;
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++s.words;
    }
  }
  return s;
}

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
  c.contains_set = std::make_unique<RE2::Set>(RegexOptions(), RE2::UNANCHORED);
  c.anchored_set = std::make_unique<RE2::Set>(RegexOptions(), RE2::ANCHOR_START);
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
          if (c.unanchored.Add(r.pattern, RegexOptions(kRegexMemory), &id) != RE2::NoError)
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
      c.singles.push_back(std::make_unique<RE2>(rules_[rule]->pattern, RegexOptions(kRegexMemory)));
  });
  for (size_t i = 0; i < c.singles.size(); ++i)
    if (RE2::PartialMatch(folded, *c.singles[i])) hits->push_back(c.regex_rule[i]);
}

std::vector<const Rule*> RuleMatcher::MatchAll(std::string_view folded, LineShape shape) const {
  std::vector<const Rule*> out;
  if (shape.words > max_words_) return out;
  std::vector<int> hits;
  Collect(folded, shape.words, &hits);
  std::sort(hits.begin(), hits.end());
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  for (int i : hits)
    if (Applies(*rules_[i], shape)) out.push_back(rules_[i]);
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
  if (shape.words > max_words_) return nullptr;
  thread_local std::vector<int> hits;
  hits.clear();
  Collect(folded, shape.words, &hits);
  const Rule* first = nullptr;
  int first_index = INT32_MAX;
  for (int i : hits)
    if (i < first_index && Applies(*rules_[i], shape)) first = rules_[first_index = i];
  return first;
}

std::vector<std::string> CheckRuleExamples(const RuleBook& book) {
  std::vector<std::string> failures;
  RuleMatcher all(book, "");
  for (const Rule& r : book.rules()) {
    if (r.kind == MatchKind::kRegex) {
      RE2 re(r.pattern, RegexOptions());
      if (re.ProgramSize() > kMaxRegexProgramSize)
        failures.push_back(fmt::format(
            "{}: rule {}: pattern compiles to {} instructions (at most {}): write a word as "
            "[^ ]+ rather than \\pL+, and bound the line with max_words rather than {{n,m}}",
            r.source, r.id, re.ProgramSize(), kMaxRegexProgramSize));
    }
    for (const std::string& e : r.examples) {
      std::string folded = Fold(e);
      auto hits = all.MatchAll(folded, LineShape::Of(folded));
      if (std::find(hits.begin(), hits.end(), &r) == hits.end())
        failures.push_back(fmt::format("{}: rule {}: example does not match: \"{}\"", r.source, r.id, e));
    }
    for (const std::string& e : r.counterexamples) {
      std::string folded = Fold(e);
      for (const Rule* hit : all.MatchAll(folded, LineShape::Of(folded)))
        failures.push_back(fmt::format("{}: rule {}: counterexample matches rule {}: \"{}\"",
                                       r.source, r.id, hit->id, e));
    }
  }
  return failures;
}

}  // namespace boilerstrip
