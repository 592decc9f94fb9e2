// A pipeline config as TOML text: Pipeline built over the compiled-in rules and
// stopwords, then run on one page. Properties: a bad config is a ConfigError, never a
// crash; a pipeline that builds cleans a page.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "pipeline/pipeline.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"

using namespace boilerstrip;

namespace {

struct Env {
  RuleBook rules;
  std::unique_ptr<RuleMatcher> rule_index;
  Stopwords stopwords;
  SiteCounts site_counts;

  Env() {
    rules.LoadEmbedded();
    stopwords.LoadEmbedded();
    rule_index = std::make_unique<RuleMatcher>(rules, "");
  }
  StageEnv stage_env() const { return {rules, *rule_index, stopwords, site_counts}; }
};

constexpr std::string_view kPage =
    "Home > Recipes > Cakes\n\nLemon drizzle cake\n\n"
    "This lemon drizzle cake is the one I bake for every birthday in our family, and it "
    "has never failed me once in twenty years.\n\nSimilar articles\nChocolate cake\n\n"
    "© 2024 Cake Corner. All rights reserved.\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Env env;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    Pipeline pipeline("fuzz.toml", text, env.stage_env());
    Document doc = ReadText(kPage, "page");
    pipeline.Run(doc);
    RenderText(doc);
  } catch (const ConfigError&) {
  }
  return 0;
}
