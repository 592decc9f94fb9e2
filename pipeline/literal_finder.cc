#include "pipeline/literal_finder.h"

#include <algorithm>

namespace boilerstrip {

LiteralFinder::LiteralFinder(std::vector<std::string> literals)
    : literals_(std::move(literals)), bitmap_((size_t{1} << kBits) / 64, 0) {
  for (size_t i = 0; i < literals_.size(); ++i) {
    const std::string& lit = literals_[i];
    if (lit.size() < 3) continue;  // FilteredRE2 gives none shorter than its minimum
    int n = lit.size() >= 4 ? 4 : 3;
    has_short_ |= n == 3;
    uint32_t k = Key(lit.data(), n);
    bitmap_[Bit(k) / 64] |= uint64_t{1} << (Bit(k) % 64);
    by_key_[k].push_back(static_cast<int>(i));
  }
}

void LiteralFinder::Probe(std::string_view text, size_t i, int n, std::vector<int>* found) const {
  uint32_t k = Key(text.data() + i, n);
  uint32_t bit = Bit(k);
  if (!(bitmap_[bit / 64] >> (bit % 64) & 1)) return;
  auto it = by_key_.find(k);
  if (it == by_key_.end()) return;
  for (int lit : it->second) {
    const std::string& s = literals_[lit];
    if (text.compare(i, s.size(), s) == 0) found->push_back(lit);
  }
}

void LiteralFinder::Find(std::string_view text, std::vector<int>* found) const {
  found->clear();
  if (text.size() < 3) return;
  for (size_t i = 0; i + 3 <= text.size(); ++i) {
    if (i + 4 <= text.size()) Probe(text, i, 4, found);
    if (has_short_) Probe(text, i, 3, found);
  }
  std::sort(found->begin(), found->end());
  found->erase(std::unique(found->begin(), found->end()), found->end());
}

}  // namespace boilerstrip
