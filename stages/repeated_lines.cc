#include "stages/repeated_lines.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/hash.h"

namespace boilerstrip {

void RepeatedLinesStage::Apply(Document& doc) const {
  // The lines seen on the page so far: open addressing over their hashes, in a table
  // kept from page to page, so that a page costs no allocation per line.
  thread_local std::vector<std::pair<uint64_t, std::string_view>> seen;
  size_t size = 16;
  while (size < 2 * doc.blocks.size()) size *= 2;
  seen.assign(size, {0, {}});
  for (Block& b : doc.blocks) {
    if (!b.kept()) continue;
    bool long_enough = b.stats.words >= min_words_ ||
                       (b.stats.words < 3 && b.stats.weight >= min_weight_);
    if (!long_enough) continue;
    std::string_view key = b.key();
    // A line's first bytes and its length tell lines apart nearly always, and the keys
    // are compared anyway: hashing whole paragraphs took 2% of a run.
    constexpr size_t kHashedBytes = 96;
    uint64_t h = (HashBytes(key.data(), std::min(key.size(), kHashedBytes)) ^
                  key.size() * 0x9E3779B97F4A7C15u) | 1;  // 0 marks an empty slot
    size_t i = h & (size - 1);
    while (seen[i].first != 0 && (seen[i].first != h || seen[i].second != key)) i = (i + 1) & (size - 1);
    if (seen[i].first != 0) Remove(b, "repeated");
    else seen[i] = {h, key};
  }
}

}  // namespace boilerstrip
