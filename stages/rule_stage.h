// A stage that applies the rule packs' rules for one stage name (phrase_rules, footers,
// captions): a matching line is removed with the rule's id as reason; a drop_section
// rule also removes the run of link-like lines directly under the matching header.
#ifndef BOILERSTRIP_STAGES_RULE_STAGE_H_
#define BOILERSTRIP_STAGES_RULE_STAGE_H_

#include "pipeline/rules.h"
#include "pipeline/stage.h"

namespace boilerstrip {

class RuleStage : public Stage {
 public:
  // Compiles the rules of |book| whose stage is |name|. Throws ConfigError.
  RuleStage(std::string name, const RuleBook& book, int section_max_lines);
  void Apply(Document& doc) const override;

 private:
  // Removes the link-like lines under a section header at |header|.
  void DropSection(Document& doc, size_t header, std::string_view rule) const;

  RuleMatcher matcher_;
  int section_max_lines_;
};

// Whether |b| looks like an entry of a link list: short, not a finished sentence.
bool IsLinkLike(const Block& b);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_RULE_STAGE_H_
