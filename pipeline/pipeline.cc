#include "pipeline/pipeline.h"

#include <fstream>
#include <future>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "pipeline/registry.h"
#include "pipeline/resources.h"
#include "pipeline/status.h"
#include "stages/normalize.h"

namespace boilerstrip {

Pipeline::Pipeline(std::string_view source_name, std::string_view toml_text,
                   const StageEnv& env) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}: {}", source_name, e.source().begin.line, e.description()));
  }
  for (const auto& [key, value] : root) {
    if (key.str() != "stage")
      throw ConfigError(fmt::format("{}:{}: unknown field '{}' (expected [[stage]] tables)",
                                    source_name, value.source().begin.line, key.str()));
  }
  const toml::array* list = root["stage"].as_array();
  if (!list || list->empty())
    throw ConfigError(fmt::format("{}:1: no [[stage]] tables", source_name));
  for (const toml::node& node : *list) {
    const toml::table* t = node.as_table();
    int line = node.source().begin.line;
    if (!t) throw ConfigError(fmt::format("{}:{}: 'stage' must be [[stage]] tables", source_name, line));
    std::optional<std::string> name = (*t)["name"].value<std::string>();
    if (!name) throw ConfigError(fmt::format("{}:{}: [[stage]] needs a name", source_name, line));
    const StageInfo* info = FindStage(*name);
    if (!info)
      throw ConfigError(fmt::format("{}:{}: unknown stage '{}' (see `boilerstrip stages`)",
                                    source_name, line, *name));
    StageOptions options(t, std::string(source_name));
    stages_.push_back(info->make(options, env));
    options.Finish();
  }
}

void Pipeline::Run(Document& doc) const {
  for (const auto& stage : stages_) stage->Apply(doc);
}

std::string_view DefaultPipelineToml() {
  for (const EmbeddedFile& f : EmbeddedFiles())
    if (f.path == "pipeline.toml") return f.data;
  return {};
}

std::unique_ptr<Engine> Engine::Build(const EngineConfig& config) {
  std::unique_ptr<Engine> engine(new Engine());
  // What needs no rules is made on another core meanwhile: the stopword lists and the
  // tables of the normalize stage (here, at get(), if no thread can be had).
  std::future<void> beside = std::async(std::launch::async | std::launch::deferred, [&engine] {
    engine->stopwords_.LoadEmbedded();
    PrepareMeasureTables();
  });
  if (config.default_rules) engine->rules_.LoadEmbedded();
  for (const std::string& dir : config.rule_dirs) engine->rules_.LoadDirectory(dir);
  if (config.default_rules) engine->structure_.LoadEmbedded();
  for (const std::string& dir : config.rule_dirs) engine->structure_.LoadDirectory(dir);
  engine->rule_index_ = std::make_unique<RuleMatcher>(engine->rules_, "");
  beside.get();
  StageEnv env{engine->rules_, *engine->rule_index_, engine->stopwords_, engine->site_counts_,
               &engine->structure_};
  if (config.config_path.empty()) {
    engine->pipeline_ = std::make_unique<Pipeline>("rules/pipeline.toml", DefaultPipelineToml(), env);
  } else {
    std::ifstream in(config.config_path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read config", config.config_path));
    std::stringstream ss;
    ss << in.rdbuf();
    engine->pipeline_ = std::make_unique<Pipeline>(config.config_path, ss.str(), env);
  }
  return engine;
}

}  // namespace boilerstrip
