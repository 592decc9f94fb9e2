// repeated_lines: a line that repeats an earlier kept line of the same page (a title
// shown again, table-of-contents entries) keeps its first occurrence only. Lines shorter
// than |min_words| words (or |min_weight| in unspaced scripts) are left alone: short list
// items and replies repeat legitimately.
#ifndef BOILERSTRIP_STAGES_REPEATED_LINES_H_
#define BOILERSTRIP_STAGES_REPEATED_LINES_H_

#include "pipeline/stage.h"

namespace boilerstrip {

class RepeatedLinesStage : public Stage {
 public:
  RepeatedLinesStage(int min_words, int min_weight)
      : Stage("repeated_lines"), min_words_(min_words), min_weight_(min_weight) {}
  void Apply(Document& doc) const override;

 private:
  int min_words_;
  int min_weight_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_REPEATED_LINES_H_
