#include "tests/test_util.h"

#include "pipeline/text_format.h"

namespace boilerstrip::testing {

Harness::Harness(const std::vector<std::string>& stages, const std::string& rules_toml) {
  if (!rules_toml.empty()) rules_.LoadPack("test.toml", rules_toml);
  stopwords_.LoadEmbedded();
  index_ = std::make_unique<RuleMatcher>(rules_, "");
  std::string config;
  for (const std::string& s : stages) config += "[[stage]]\n" + s + "\n";
  pipeline_ = std::make_unique<Pipeline>("test-pipeline.toml", config, StageEnv{rules_, *index_, stopwords_, site_counts_});
}

Document Harness::Run(const std::string& text) const {
  Document doc = ReadText(text, "test");
  pipeline_->Run(doc);
  return doc;
}

std::string Harness::Clean(const std::string& text) const { return RenderText(Run(text)); }

std::string TestPack(std::string_view rules) {
  return "[pack]\nlang = \"xx\"\n\n" + std::string(rules);
}

std::string Verdict(const Document& doc, std::string_view line) {
  for (const Block& b : doc.blocks) {
    if (b.text != line) continue;
    if (b.kept()) return "kept";
    return std::string(b.verdict.stage) + "/" + std::string(b.verdict.rule);
  }
  return "missing";
}

}  // namespace boilerstrip::testing
