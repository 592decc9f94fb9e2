// The pipeline: stages in the order of a pipeline TOML, built once, applied to many
// documents from many threads (Run is const and the stages hold no mutable state).
//
//   EngineConfig config;                     // defaults: compiled-in pipeline and rules
//   auto engine = Engine::Build(config);     // throws ConfigError naming file:line
//   engine->pipeline().Run(doc);
#ifndef BOILERSTRIP_PIPELINE_PIPELINE_H_
#define BOILERSTRIP_PIPELINE_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline/rules.h"
#include "pipeline/site_counts.h"
#include "pipeline/stage.h"
#include "pipeline/stopwords.h"
#include "pipeline/structure_rules.h"

namespace boilerstrip {

class Pipeline {
 public:
  // Builds the stages listed in |toml_text| ([[stage]] tables with a name and options).
  Pipeline(std::string_view source_name, std::string_view toml_text, const StageEnv& env);
  void Run(Document& doc) const;
  const std::vector<std::unique_ptr<Stage>>& stages() const { return stages_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
};

struct EngineConfig {
  std::string config_path;             // empty: the compiled-in rules/pipeline.toml
  std::vector<std::string> rule_dirs;  // extra rule packs
  bool default_rules = true;           // load the compiled-in packs
};

// Owns what the stages refer to (rules, stopwords) and the pipeline built over them.
class Engine {
 public:
  static std::unique_ptr<Engine> Build(const EngineConfig& config);
  const Pipeline& pipeline() const { return *pipeline_; }
  const RuleBook& rules() const { return rules_; }
  // Site-line counts for the site_lines stage; set before any document is cleaned.
  void SetSiteCounts(SiteCounts counts) { site_counts_ = std::move(counts); }

 private:
  Engine() = default;
  RuleBook rules_;
  std::unique_ptr<RuleMatcher> rule_index_;
  Stopwords stopwords_;
  SiteCounts site_counts_;
  StructureRules structure_;
  std::unique_ptr<Pipeline> pipeline_;
};

// The compiled-in default pipeline TOML.
std::string_view DefaultPipelineToml();

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_PIPELINE_H_
