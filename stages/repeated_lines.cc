#include "stages/repeated_lines.h"

#include <string_view>
#include <unordered_set>

namespace boilerstrip {

void RepeatedLinesStage::Apply(Document& doc) const {
  std::unordered_set<std::string_view> seen;
  for (Block& b : doc.blocks) {
    if (!b.kept()) continue;
    bool long_enough = b.stats.words >= min_words_ ||
                       (b.stats.words < 3 && b.stats.weight >= min_weight_);
    if (!long_enough) continue;
    if (!seen.insert(b.key()).second) Remove(b, "repeated");
  }
}

}  // namespace boilerstrip
