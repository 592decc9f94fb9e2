// captions: stray "Video: …" lines and photo credits (rules of stage "captions"), and
// image alt-text that scrapers leave as the same short line twice in a row.
#ifndef BOILERSTRIP_STAGES_CAPTIONS_H_
#define BOILERSTRIP_STAGES_CAPTIONS_H_

#include "stages/rule_stage.h"

namespace boilerstrip {

class CaptionsStage : public RuleStage {
 public:
  // |pair_max_words|: longest line taken for alt text (0 disables the pair rule).
  CaptionsStage(const RuleMatcher& index, int pair_max_words)
      : RuleStage("captions", index, 0), pair_max_words_(pair_max_words) {}
  void Apply(Document& doc) const override;

 private:
  int pair_max_words_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_CAPTIONS_H_
