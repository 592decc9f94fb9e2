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
    auto widest = std::find_if(keyed.begin(), keyed.end(),
                               [&](const Keyed& k) { return k.width <= lit.size(); });
    if (widest == keyed.end()) {
      tiny_.push_back(static_cast<int>(i));
      continue;
    }
    unsigned pair = static_cast<unsigned char>(lit[0]) | static_cast<unsigned char>(lit[1]) << 8;
    pairs_[pair / 64] |= uint64_t{1} << (pair % 64);
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
  for (const Keyed& keyed : keyed_) {
    uint64_t key = word & keyed.mask;
    if (keyed.MayStart(key) && pos + keyed.width <= text.size()) Probe(keyed, key, text, pos, found);
  }
}

void LiteralFinder::Find(std::string_view text, std::vector<int>* found) const {
  found->clear();
  const char* s = text.data();
  size_t pos = 0;
  // Every keyed literal has three bytes or more, so positions are looked at only where
  // eight bytes (from the text, then from a zero-padded copy of its end) cover them.
  while (pos + sizeof(uint64_t) <= text.size()) {
    const size_t end = std::min(text.size() + 1 - sizeof(uint64_t), pos + 64);
    uint64_t may_start = 0;
    for (size_t p = pos; p < end; ++p) may_start |= MayStartAt(s + p, Load(s + p)) << (p - pos);
    for (; may_start; may_start &= may_start - 1) {
      size_t p = pos + static_cast<size_t>(__builtin_ctzll(may_start));
      ProbeAt(text, p, Load(s + p), found);
    }
    pos = end;
  }
  char tail[2 * sizeof(uint64_t)] = {};
  std::memcpy(tail, s + pos, text.size() - pos);
  for (size_t i = 0; pos < text.size(); ++pos, ++i)
    if (MayStartAt(tail + i, Load(tail + i))) ProbeAt(text, pos, Load(tail + i), found);
  for (int lit : tiny_)
    if (text.find(literals_[lit]) != std::string_view::npos) found->push_back(lit);
  std::sort(found->begin(), found->end());
  found->erase(std::unique(found->begin(), found->end()), found->end());
}

}  // namespace boilerstrip
