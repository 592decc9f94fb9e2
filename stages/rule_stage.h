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
  // Applies the rules of |index| whose stage is |name|.
  RuleStage(std::string name, const RuleMatcher& index, int section_max_lines);
  void Apply(Document& doc) const override;

 private:
  // The rule of this stage that names |b|: the first matching one of the page's language
  // |lang|, else the first matching one. Matches every rule stage's rules once per line.
  const Rule* FirstRule(Block& b, std::string_view lang) const;
  // Removes the link-like lines under a section header at |header|.
  void DropSection(Document& doc, size_t header, std::string_view rule) const;

  const RuleMatcher& index_;
  int section_max_lines_;
};

// Whether |b| looks like an entry of a link list: short, not a finished sentence.
bool IsLinkLike(const Block& b);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_RULE_STAGE_H_
