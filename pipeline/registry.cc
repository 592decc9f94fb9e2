#include "pipeline/registry.h"

#include "pipeline/rules.h"
#include "pipeline/stopwords.h"
#include "stages/captions.h"
#include "stages/classifier.h"
#include "stages/language.h"
#include "stages/navigation.h"
#include "stages/normalize.h"
#include "stages/rejoin.h"
#include "stages/repeated_lines.h"
#include "stages/rule_stage.h"
#include "stages/site_lines.h"
#include "stages/structure.h"

namespace boilerstrip {
namespace {

// The compiled-in structure packs, for an environment that brings none.
const StructureRules& BuiltInStructureRules() {
  static const StructureRules* kRules = [] {
    auto* rules = new StructureRules();
    rules->LoadEmbedded();
    return rules;
  }();
  return *kRules;
}

ProseTest ProseOptions(StageOptions& o) {
  ProseTest p;
  p.min_weight = o.Int("prose_min_weight", p.min_weight, 1, 100000);
  p.min_stop_density = o.Double("prose_min_stop_density", p.min_stop_density, 0.0, 1.0);
  return p;
}

}  // namespace

const std::vector<StageInfo>& StageRegistry() {
  static const std::vector<StageInfo> kStages = {
      {"normalize", "valid UTF-8 (bad bytes replaced and counted), NFC, folded matching keys",
       [](StageOptions&, const StageEnv&) { return std::make_unique<NormalizeStage>(); }},
      {"language", "finds the page language (stopword vote, or CLD2), whose stopwords the judging stages count",
       [](StageOptions& o, const StageEnv& env) {
         std::string detector = o.Choice("detector", "stopwords", {"stopwords", "cld2"});
         return std::make_unique<LanguageStage>(
             env.stopwords, o.Int("sample_bytes", 256, 64, 1 << 24), detector == "cld2");
       }},
      {"structure", "HTML only: blocks in nav/aside/footer, under boilerplate class or id words (share, related, comment...), link lists, outside the main container",
       [](StageOptions& o, const StageEnv& env) {
         StructureOptions s;
         s.guard_share = o.Double("guard_share", s.guard_share, 0.0, 1.0);
         s.max_link_density = o.Double("max_link_density", s.max_link_density, 0.0, 1.0);
         s.main_share = o.Double("main_share", s.main_share, 0.0, 1.0);
         s.prose = ProseOptions(o);
         return std::make_unique<StructureStage>(env.structure ? *env.structure : BuiltInStructureRules(), s);
       }},
      {"site_lines", "a site's template lines, counted across its documents (--site-counts, --site-lines)",
       [](StageOptions& o, const StageEnv& env) {
         return std::make_unique<SiteLinesStage>(env.site_counts, o.Int("min_docs", 3, 2, 1 << 30),
                                                 o.Double("min_fraction", 0.25, 0.0, 1.0));
       }},
      {"phrase_rules", "rule-pack phrases: related-article headers and their lists, ads, share rows, cookie and newsletter prompts",
       [](StageOptions& o, const StageEnv& env) {
         return std::make_unique<RuleStage>("phrase_rules", env.rule_index,
                                            o.Int("section_max_lines", 30, 0, 1000));
       }},
      {"footers", "copyright, all-rights-reserved, Powered by / Theme by, legal link rows",
       [](StageOptions&, const StageEnv& env) {
         return std::make_unique<RuleStage>("footers", env.rule_index, 0);
       }},
      {"captions", "Video: lines, photo credits, image alt text repeated on two lines",
       [](StageOptions& o, const StageEnv& env) {
         return std::make_unique<CaptionsStage>(env.rule_index, o.Int("pair_max_words", 12, 0, 1000));
       }},
      {"repeated_lines", "a line repeating an earlier kept line keeps its first occurrence",
       [](StageOptions& o, const StageEnv&) {
         return std::make_unique<RepeatedLinesStage>(o.Int("min_words", 3, 1, 1000),
                                                     o.Int("min_weight", 12, 1, 100000));
       }},
      {"navigation", "breadcrumbs and menus around the article, post meta lines (author, date, counters)",
       [](StageOptions& o, const StageEnv&) {
         NavigationOptions n;
         n.item_max_words = o.Int("item_max_words", n.item_max_words, 1, 100);
         n.meta_max_words = o.Int("meta_max_words", n.meta_max_words, 1, 1000);
         n.prose = ProseOptions(o);
         return std::make_unique<NavigationStage>(n);
       }},
      {"classifier", "keeps the article span, its title and attached lines; drops unnamed lines around it",
       [](StageOptions& o, const StageEnv&) {
         return std::make_unique<ClassifierStage>(ClassifierOptions{ProseOptions(o)});
       }},
      {"rejoin", "joins a paragraph that a removed insert cut in two",
       [](StageOptions& o, const StageEnv&) {
         return std::make_unique<RejoinStage>(ProseOptions(o));
       }},
  };
  return kStages;
}

const StageInfo* FindStage(std::string_view name) {
  for (const StageInfo& info : StageRegistry())
    if (info.name == name) return &info;
  return nullptr;
}

}  // namespace boilerstrip
