// Loading and checking rule packs; matching is in rule_matcher.cc.
#include "pipeline/rules.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <toml++/toml.h>

#include "pipeline/resources.h"
#include "pipeline/rule_regex.h"
#include "pipeline/status.h"
#include "pipeline/toml_pack.h"
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

std::string String(std::string_view file, const toml::table& t, std::string_view key,
                   std::string_view fallback) {
  const toml::node* node = t.get(key);
  if (!node) return std::string(fallback);
  const auto* s = node->as_string();
  if (!s) PackFail(file, *node, fmt::format("'{}' must be a string", key));
  return s->get();
}

int NonNegativeInt(std::string_view file, const toml::table& t, std::string_view key) {
  const toml::node* node = t.get(key);
  if (!node) return 0;
  const auto* v = node->as_integer();
  if (!v || v->get() < 0 || v->get() > 1'000'000)
    PackFail(file, *node, fmt::format("'{}' must be a non-negative integer", key));
  return static_cast<int>(v->get());
}

bool ValidId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Rule ParseRule(std::string_view file, std::string_view lang, const toml::table& t) {
  for (const auto& [key, value] : t) {
    if (!kRuleKeys.count(key.str()))
      PackFail(file, value, fmt::format("unknown field '{}' in [[rule]]", key.str()));
  }
  Rule r;
  r.source = Where(file, t.source());
  std::string local = String(file, t, "id", "");
  if (!ValidId(local)) PackFail(file, t, "rule 'id' must be non-empty [a-z0-9_]");
  r.id = fmt::format("{}.{}", lang, local);
  r.stage = String(file, t, "stage", "phrase_rules");
  const auto& stages = RuleStages();
  if (std::find(stages.begin(), stages.end(), r.stage) == stages.end())
    PackFail(file, t, fmt::format("rule {}: unknown stage '{}'", r.id, r.stage));
  std::string match = String(file, t, "match", "line");
  if (match == "line") r.kind = MatchKind::kLine;
  else if (match == "prefix") r.kind = MatchKind::kPrefix;
  else if (match == "contains") r.kind = MatchKind::kContains;
  else if (match == "regex") r.kind = MatchKind::kRegex;
  else PackFail(file, t, fmt::format("rule {}: match must be line, prefix, contains or regex", r.id));
  std::string action = String(file, t, "action", "drop");
  if (action == "drop") r.action = RuleAction::kDrop;
  else if (action == "drop_section") r.action = RuleAction::kDropSection;
  else PackFail(file, t, fmt::format("rule {}: action must be drop or drop_section", r.id));
  r.max_words = NonNegativeInt(file, t, "max_words");
  if (r.max_words > kMaxRuleWords)
    PackFail(file, *t.get("max_words"),
         fmt::format("rule {}: max_words is at most {} (longer lines are article text)", r.id,
                     kMaxRuleWords));
  r.max_chars = NonNegativeInt(file, t, "max_chars");
  r.examples = PackStringList(file, t, "examples");
  r.counterexamples = PackStringList(file, t, "counterexamples");
  if (r.examples.empty()) PackFail(file, t, fmt::format("rule {}: needs at least one example", r.id));

  std::vector<std::string> phrases = PackStringList(file, t, "phrases");
  r.pattern = String(file, t, "pattern", "");
  if (r.kind == MatchKind::kRegex) {
    if (r.pattern.empty() || !phrases.empty())
      PackFail(file, t, fmt::format("rule {}: a regex rule needs 'pattern' and no 'phrases'", r.id));
    // Parsing is enough to find errors; the program is compiled once, in a RuleMatcher.
    RE2::Set probe(RuleRegexOptions(), RE2::UNANCHORED);
    std::string error;
    if (probe.Add(r.pattern, &error) < 0)
      PackFail(file, *t.get("pattern"), fmt::format("rule {}: bad regex: {}", r.id, error));
  } else {
    if (phrases.empty() || !r.pattern.empty())
      PackFail(file, t, fmt::format("rule {}: needs 'phrases' and no 'pattern'", r.id));
    for (const std::string& p : phrases) {
      std::string folded = Fold(p);
      std::string_view key = StripNonAlnum(folded, true, r.kind == MatchKind::kLine);
      if (r.kind == MatchKind::kContains) key = folded;
      if (key.empty()) PackFail(file, t, fmt::format("rule {}: phrase '{}' has no letters", r.id, p));
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

namespace {

// The rules of one pack, checked on their own (a duplicate id within the pack included).
std::vector<Rule> ParsePackRules(std::string_view name, std::string_view toml_text) {
  toml::table root;
  const toml::table* pack = &ParsePack(name, toml_text, kPackKeys, &root);
  std::string lang = String(name, *pack, "lang", "");
  if (!ValidId(lang)) PackFail(name, *pack, "[pack] needs lang = \"<code>\"");
  std::vector<Rule> rules;
  std::set<std::string> ids;
  if (const toml::node* node = root.get("rule")) {
    const toml::array* arr = node->as_array();
    if (!arr) PackFail(name, *node, "'rule' must be an array of tables ([[rule]])");
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) PackFail(name, item, "'rule' must be an array of tables ([[rule]])");
      Rule r = ParseRule(name, lang, *t);
      if (!ids.insert(r.id).second) PackFail(name, *t, fmt::format("duplicate rule id {}", r.id));
      rules.push_back(std::move(r));
    }
  }
  return rules;
}

}  // namespace

void RuleBook::AddPack(std::string_view name, std::vector<Rule> rules) {
  for (Rule& r : rules) {
    if (!ids_.insert(r.id).second)
      throw ConfigError(fmt::format("{}: duplicate rule id {}", r.source, r.id));
    rules_.push_back(std::move(r));
  }
  packs_.emplace_back(name);
}

void RuleBook::LoadPack(std::string_view name, std::string_view toml_text) {
  AddPack(name, ParsePackRules(name, toml_text));
}

void RuleBook::LoadPacks(const std::vector<std::pair<std::string, std::string_view>>& packs) {
  // Parsing a pack (TOML, then every phrase folded and every pattern checked) depends on
  // the pack alone: the packs are parsed on all cores, and added in order, so the rules'
  // order and the first error reported do not depend on which thread finished first.
  std::vector<std::vector<Rule>> parsed(packs.size());
  std::vector<std::exception_ptr> errors(packs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < packs.size();) {
      try {
        parsed[i] = ParsePackRules(packs[i].first, packs[i].second);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min(threads, packs.size()); ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (size_t i = 0; i < packs.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    AddPack(packs[i].first, std::move(parsed[i]));
  }
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
  std::vector<std::string> texts;
  texts.reserve(files.size());  // |packs| views them: no reallocation
  std::vector<std::pair<std::string, std::string_view>> packs;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read", path.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    std::string& text = texts.emplace_back(ss.str());
    // A pipeline config may sit beside the packs; it is not a pack.
    if (text.find("[[stage]]") != std::string::npos && text.find("[pack]") == std::string::npos)
      continue;
    packs.emplace_back(path.string(), text);
  }
  LoadPacks(packs);
}

void RuleBook::LoadEmbedded() {
  std::vector<std::pair<std::string, std::string_view>> packs;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path.find('/') != std::string_view::npos || f.path == "pipeline.toml") continue;
    if (!f.path.ends_with(".toml")) continue;
    packs.emplace_back(fmt::format("rules/{}", f.path), f.data);
  }
  LoadPacks(packs);
}

LineShape LineShape::Of(std::string_view folded) {
  LineShape s;
  bool in_word = false;
  size_t i = 0;
  while (i < folded.size()) {
    UChar32 c = NextCodePoint(folded, &i);
    ++s.chars;
    if (IsHanOrKana(c)) ++s.dense;
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++s.words;
    }
  }
  return s;
}

std::vector<std::string> CheckRuleExamples(const RuleBook& book) {
  std::vector<std::string> failures;
  RuleMatcher all(book, "");
  for (const Rule& r : book.rules()) {
    if (r.kind == MatchKind::kRegex) {
      RE2 re(r.pattern, RuleRegexOptions());
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
