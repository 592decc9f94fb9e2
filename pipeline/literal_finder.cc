#include "pipeline/literal_finder.h"

#include <algorithm>
#include <cassert>

namespace boilerstrip {

LiteralFinder::Keyed::Keyed(size_t w) : width(w), mask(0), bitmap((size_t{1} << kBits) / 64, 0) {
  std::memset(&mask, 0xFF, width);  // the first |width| bytes in memory, in either byte order
}

void LiteralFinder::Keyed::Add(uint64_t key, int literal) {
  uint64_t bit = Bit(key);
  bitmap[bit / 64] |= uint64_t{1} << (bit % 64);
  by_key.emplace_back(key, literal);
}

LiteralFinder::LiteralFinder(std::vector<std::string> literals) : literals_(std::move(literals)) {
  std::vector<Keyed> keyed = {Keyed(8), Keyed(4), Keyed(3)};
  for (size_t i = 0; i < literals_.size(); ++i) {
    const std::string& lit = literals_[i];
    assert(!lit.empty());
    first_byte_[static_cast<unsigned char>(lit[0])] = true;
    auto widest = std::find_if(keyed.begin(), keyed.end(),
                               [&](const Keyed& k) { return k.width <= lit.size(); });
    if (widest == keyed.end()) {
      tiny_.push_back(static_cast<int>(i));
      continue;
    }
    uint64_t word = 0;
    std::memcpy(&word, lit.data(), std::min(lit.size(), sizeof word));
    prefix_.Add(word & prefix_.mask, static_cast<int>(i));
    widest->Add(word & widest->mask, static_cast<int>(i));
  }
  for (Keyed& k : keyed) {
    if (k.by_key.empty()) continue;
    std::sort(k.by_key.begin(), k.by_key.end());
    keyed_.push_back(std::move(k));
  }
}

void LiteralFinder::Probe(const Keyed& keyed, uint64_t key, std::string_view text, size_t pos,
                          std::vector<int>* found) const {
  auto it = std::lower_bound(keyed.by_key.begin(), keyed.by_key.end(), std::make_pair(key, 0));
  for (; it != keyed.by_key.end() && it->first == key; ++it) {
    const std::string& lit = literals_[it->second];
    if (text.substr(pos).starts_with(lit)) found->push_back(it->second);
  }
}

inline void LiteralFinder::ProbeAt(std::string_view text, size_t pos, uint64_t word,
                                   std::vector<int>* found) const {
  if (!first_byte_[static_cast<unsigned char>(text[pos])] || !prefix_.MayStart(word & prefix_.mask))
    return;
  for (const Keyed& keyed : keyed_) {
    uint64_t key = word & keyed.mask;
    if (keyed.MayStart(key) && pos + keyed.width <= text.size()) Probe(keyed, key, text, pos, found);
  }
}

void LiteralFinder::Find(std::string_view text, std::vector<int>* found) const {
  found->clear();
  size_t pos = 0;
  for (; pos + sizeof(uint64_t) <= text.size(); ++pos) ProbeAt(text, pos, Load(text.data() + pos), found);
  // The last positions read their eight bytes from a zero-padded copy of the end.
  char tail[2 * sizeof(uint64_t)] = {};
  std::memcpy(tail, text.data() + pos, text.size() - pos);
  for (size_t i = 0; pos < text.size(); ++pos, ++i) ProbeAt(text, pos, Load(tail + i), found);
  for (int lit : tiny_)
    if (text.find(literals_[lit]) != std::string_view::npos) found->push_back(lit);
  std::sort(found->begin(), found->end());
  found->erase(std::unique(found->begin(), found->end()), found->end());
}

}  // namespace boilerstrip
