#include "stages/captions.h"

namespace boilerstrip {

void CaptionsStage::Apply(Document& doc) const {
  RuleStage::Apply(doc);
  if (pair_max_words_ == 0) return;
  auto& blocks = doc.blocks;
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    Block& a = blocks[i];
    Block& b = blocks[i + 1];
    // A sentence said twice is a quote or a refrain; alt text is a short label.
    if (b.blank_before > 0 || !a.kept() || !b.kept() || a.stats.terminal) continue;
    if (a.stats.words > pair_max_words_ || a.key() != b.key()) continue;
    Remove(a, "alt_text_pair");
    Remove(b, "alt_text_pair");
    ++i;
  }
}

}  // namespace boilerstrip
