// The stage interface. A stage is built once from its options (rules compiled, options
// checked) and then applied to many documents, by many threads at once: Apply must not
// change the stage, read configuration or touch files.
#ifndef BOILERSTRIP_PIPELINE_STAGE_H_
#define BOILERSTRIP_PIPELINE_STAGE_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "pipeline/document.h"

namespace boilerstrip {

class RuleBook;
class RuleMatcher;
class SiteCounts;
class Stopwords;
class StructureRules;

// What a stage factory may use besides its options. Outlives every stage.
struct StageEnv {
  const RuleBook& rules;
  const RuleMatcher& rule_index;  // every rule of every rule stage, matched in one pass
  const Stopwords& stopwords;
  const SiteCounts& site_counts;  // empty unless counts are given; filled before cleaning
  const StructureRules* structure = nullptr;  // null: the built-in structure packs
};

// A stage's options from the pipeline TOML. Every getter checks type and range; Finish
// rejects options no getter asked for, so a typo is an error, not a silent default.
class StageOptions {
 public:
  StageOptions(const toml::table* table, std::string where);
  int Int(std::string_view key, int fallback, int min, int max);
  double Double(std::string_view key, double fallback, double min, double max);
  bool Bool(std::string_view key, bool fallback);
  // A string that must be one of |allowed|.
  std::string Choice(std::string_view key, std::string_view fallback,
                     std::initializer_list<std::string_view> allowed);
  void Finish() const;  // throws ConfigError on unknown options

 private:
  const toml::node* Get(std::string_view key);
  const toml::table* table_;
  std::string where_;
  std::set<std::string, std::less<>> used_;
};

class Stage {
 public:
  explicit Stage(std::string name) : name_(std::move(name)) {}
  virtual ~Stage() = default;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

  const std::string& name() const { return name_; }
  virtual void Apply(Document& doc) const = 0;

 protected:
  // Marks |block| removed by this stage because of |rule| (a string that lives as long
  // as the stage).
  void Remove(Block& block, std::string_view rule) const { block.verdict = {name_, rule}; }

 private:
  std::string name_;
};

// A stage that judges each kept block on its own. The base owns the loop; a concrete
// stage answers one question: remove this block, and why (nullopt: keep).
class LineStage : public Stage {
 public:
  using Stage::Stage;
  void Apply(Document& doc) const final;

 protected:
  virtual std::optional<std::string_view> Judge(const Document& doc, size_t index) const = 0;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_STAGE_H_
