#include "pipeline/structure_rules.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "pipeline/resources.h"
#include "pipeline/status.h"
#include "pipeline/toml_pack.h"

namespace boilerstrip {
namespace {

const std::set<std::string_view> kRuleKeys = {"id", "match", "words", "whole", "examples", "counterexamples", "note"};
const std::set<std::string_view> kPackKeys = {"name", "note", "qualifiers", "max_token_words"};

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsLower(c) || IsUpper(c) || (c >= '0' && c <= '9'); }

bool ValidWord(std::string_view w) {
  if (w.ends_with('*')) w.remove_suffix(1);
  if (w.empty() || w.front() == '-' || w.back() == '-' || w.find("--") != std::string_view::npos) return false;
  return std::all_of(w.begin(), w.end(), [](char c) { return IsLower(c) || (c >= '0' && c <= '9') || c == '-'; });
}

StructureRule ParseRule(std::string_view file, const toml::table& t) {
  for (const auto& [key, value] : t)
    if (!kRuleKeys.count(key.str())) PackFail(file, value, fmt::format("unknown field '{}' in [[rule]]", key.str()));
  StructureRule r;
  r.source = fmt::format("{}:{}", file, t.source().begin.line);
  r.id = t["id"].value_or(std::string());
  if (r.id.empty() || !ValidWord(r.id) || r.id.back() == '*')
    PackFail(file, t, "rule 'id' must be non-empty [a-z0-9-]");
  std::string match = t["match"].value_or(std::string("class"));
  if (match != "class" && match != "tag") PackFail(file, t, fmt::format("rule {}: match must be class or tag", r.id));
  r.tag = match == "tag";
  r.reason = r.tag ? r.id : "class:" + r.id;
  if (const toml::node* whole = t.get("whole")) {
    if (!whole->is_boolean()) PackFail(file, *whole, "'whole' must be true or false");
    r.whole = whole->as_boolean()->get();
  }
  r.words = PackStringList(file, t, "words");
  r.examples = PackStringList(file, t, "examples");
  r.counterexamples = PackStringList(file, t, "counterexamples");
  if (r.words.empty()) PackFail(file, t, fmt::format("rule {}: needs 'words'", r.id));
  if (r.examples.empty()) PackFail(file, t, fmt::format("rule {}: needs at least one example", r.id));
  for (const std::string& w : r.words)
    if (!ValidWord(w) || (r.tag && w.find_first_of("-*") != std::string::npos))
      PackFail(file, t, fmt::format("rule {}: bad word '{}' (lower-case letters and digits, parts joined "
                                "by '-', a final '*' for a prefix)", r.id, w));
  return r;
}

}  // namespace

std::vector<std::string> SplitClassWords(std::string_view value) {
  std::vector<std::string> words;
  std::string cur;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (!IsAlnum(c)) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (IsUpper(c) && i > 0 && IsLower(value[i - 1]) && !cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
    cur.push_back(IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

void StructureRules::LoadPack(std::string_view name, std::string_view toml_text) {
  toml::table root;
  const toml::table* pack = &ParsePack(name, toml_text, kPackKeys, &root);
  for (std::string& q : PackStringList(name, *pack, "qualifiers")) qualifiers_.push_back(std::move(q));
  if (const toml::node* node = pack->get("max_token_words")) {
    const auto* v = node->as_integer();
    if (!v || v->get() < 1 || v->get() > 100) PackFail(name, *node, "'max_token_words' must be 1..100");
    max_token_words_ = static_cast<size_t>(v->get());
  }
  if (const toml::node* node = root.get("rule")) {
    const toml::array* arr = node->as_array();
    if (!arr) PackFail(name, *node, "'rule' must be an array of tables ([[rule]])");
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) PackFail(name, item, "'rule' must be an array of tables ([[rule]])");
      StructureRule r = ParseRule(name, *t);
      for (const StructureRule& other : rules_)
        if (other.reason == r.reason) PackFail(name, *t, fmt::format("duplicate rule id {}", r.id));
      rules_.push_back(std::move(r));
      Index(static_cast<int>(rules_.size() - 1));
    }
  }
  ++packs_;
}

void StructureRules::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::path sub = fs::path(dir) / "structure";
  std::error_code ec;
  if (!fs::is_directory(sub, ec)) return;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(sub, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read", path.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    LoadPack(path.string(), ss.str());
  }
}

void StructureRules::LoadEmbedded() {
  for (const EmbeddedFile& f : EmbeddedFiles())
    if (f.path.starts_with("structure/") && f.path.ends_with(".toml"))
      LoadPack(fmt::format("rules/{}", f.path), f.data);
}

void StructureRules::Index(int rule) {
  const StructureRule& r = rules_[rule];
  for (const std::string& w : r.words) {
    if (r.tag) {
      tags_.emplace_back(w, rule);
      continue;
    }
    Word word;
    word.rule = rule;
    std::string_view s = w;
    word.prefix = s.ends_with('*');
    if (word.prefix) s.remove_suffix(1);
    for (size_t start = 0;;) {
      size_t dash = s.find('-', start);
      word.parts.emplace_back(s.substr(start, dash == std::string_view::npos ? dash : dash - start));
      if (dash == std::string_view::npos) break;
      start = dash + 1;
    }
    if (word.prefix && word.parts.size() == 1) {
      size_t len = word.parts[0].size();
      if (std::find(prefix_lengths_.begin(), prefix_lengths_.end(), len) == prefix_lengths_.end())
        prefix_lengths_.push_back(len);
      prefix_[word.parts[0]].push_back(std::move(word));
    } else {
      std::string first = word.parts[0];
      exact_[first].push_back(std::move(word));
    }
  }
}

int StructureRules::MatchAt(const std::vector<std::string>& parts, size_t at) const {
  int best = INT_MAX;
  auto consider = [&](const Word& w) {
    if (w.rule >= best || at + w.parts.size() > parts.size()) return;
    if (rules_[w.rule].whole && (at != 0 || w.parts.size() != parts.size())) return;
    for (size_t k = 1; k < w.parts.size(); ++k) {
      bool last = k + 1 == w.parts.size();
      const std::string& p = parts[at + k];
      if (last && w.prefix ? !p.starts_with(w.parts[k]) : p != w.parts[k]) return;
    }
    best = w.rule;
  };
  const std::string& part = parts[at];
  if (auto it = exact_.find(part); it != exact_.end())
    for (const Word& w : it->second) consider(w);
  for (size_t len : prefix_lengths_) {
    if (len > part.size()) continue;
    if (auto it = prefix_.find(std::string_view(part).substr(0, len)); it != prefix_.end())
      for (const Word& w : it->second) consider(w);
  }
  return best == INT_MAX ? -1 : best;
}

const StructureRule* StructureRules::Match(std::string_view tag, std::string_view tokens) const {
  int best = INT_MAX;
  for (const auto& [name, rule] : tags_)
    if (name == tag && rule < best) best = rule;
  if (!exact_.empty() || !prefix_.empty()) {
    for (size_t start = 0; start < tokens.size();) {
      size_t end = tokens.find(' ', start);
      if (end == std::string_view::npos) end = tokens.size();
      int r = MatchToken(tokens.substr(start, end - start));
      if (r >= 0 && r < best) best = r;
      start = end + 1;
    }
  }
  return best == INT_MAX ? nullptr : &rules_[best];
}

int StructureRules::MatchToken(std::string_view token) const {
  if (token.starts_with('#')) {
    token.remove_prefix(1);
    // Numbered ids are generated per item or heading ("comment-123", "TOC_TITLE_1").
    if (!token.empty() && token.back() >= '0' && token.back() <= '9') return -1;
  }
  // A BEM modifier ("section--ads") qualifies its block; it does not name one.
  if (size_t mod = token.find("--"); mod != std::string_view::npos && mod > 0) token = token.substr(0, mod);
  std::vector<std::string> parts = SplitClassWords(token);
  if (parts.size() > max_token_words_) return -1;
  int best = -1;
  for (size_t i = 0; i < parts.size(); ++i) {
    int r = MatchAt(parts, i);  // a rule word may start with a qualifier: "tag-cloud"
    if (r >= 0 && (best < 0 || r < best)) best = r;
    // Words after a qualifier describe a state or a slug, not the element.
    if (std::find(qualifiers_.begin(), qualifiers_.end(), parts[i]) != qualifiers_.end()) break;
  }
  return best;
}

std::vector<std::string> CheckStructureExamples(const StructureRules& rules) {
  std::vector<std::string> failures;
  for (const StructureRule& r : rules.rules()) {
    auto match = [&](const std::string& e) {
      return r.tag ? rules.Match(e, "") : rules.Match("", e);
    };
    for (const std::string& e : r.examples) {
      const StructureRule* hit = match(e);
      if (hit != &r)
        failures.push_back(fmt::format("{}: rule {}: example \"{}\" {}", r.source, r.id, e,
                                       hit ? "matches rule " + hit->id + " first" : "does not match"));
    }
    for (const std::string& e : r.counterexamples)
      if (const StructureRule* hit = match(e))
        failures.push_back(fmt::format("{}: rule {}: counterexample matches rule {}: \"{}\"", r.source,
                                       r.id, hit->id, e));
  }
  return failures;
}

}  // namespace boilerstrip
