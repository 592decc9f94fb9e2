// A hash map for the tables looked up for every line: open addressing over a power of
// two of 8-byte slots, each holding part of its key's hash, so a lookup costs one slot's
// cache line and, when the hash part matches, the entry's. libstdc++'s unordered_map
// divides by a prime for the bucket and again for every node of the bucket's chain, and
// its nodes are allocations of their own; in the rule matcher's phrase table that was
// most of the lookup's time. Entries are kept in insertion order and never erased
// (Clear() drops them all); growing moves them, so hold no reference across an insert.
#ifndef BOILERSTRIP_PIPELINE_FLAT_MAP_H_
#define BOILERSTRIP_PIPELINE_FLAT_MAP_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace boilerstrip {

// |Hash| and |Eq| may be transparent: find() takes what they take (a string_view for
// string keys) and operator[] makes a Key of it only to insert.
template <typename Key, typename Value, typename Hash, typename Eq = std::equal_to<>>
class FlatMap {
 public:
  using Entry = std::pair<Key, Value>;

  template <typename K>
  const Value* find(const K& key) const {
    size_t i = Find(key, HashOf(key));
    return i == kNone ? nullptr : &entries_[i].second;
  }
  template <typename K>
  Value* find(const K& key) {
    size_t i = Find(key, HashOf(key));
    return i == kNone ? nullptr : &entries_[i].second;
  }
  // The value for |key|, inserted value-initialized if missing.
  template <typename K>
  Value& operator[](const K& key) {
    const uint64_t hash = HashOf(key);
    if (size_t i = Find(key, hash); i != kNone) return entries_[i].second;
    if (2 * (entries_.size() + 1) > slots_.size()) Grow();
    entries_.emplace_back(Key(key), Value());
    Place(hash, entries_.size() - 1);
    return entries_.back().second;
  }

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  void Clear() {
    entries_.clear();
    slots_.clear();
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  struct Slot {
    uint32_t tag = 0;    // the hash's upper half
    uint32_t index = 0;  // of the entry, plus one; 0: empty
  };
  // Mixed, so that a weak |Hash| (of pointers, say) still spreads over the low bits,
  // which pick the slot, and the high ones, which make the tag.
  template <typename K>
  static uint64_t HashOf(const K& key) {
    uint64_t h = static_cast<uint64_t>(Hash{}(key)) * 0x9E3779B97F4A7C15u;
    return h ^ (h >> 29);
  }
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

  template <typename K>
  size_t Find(const K& key, uint64_t hash) const {
    if (slots_.empty()) return kNone;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == 0) return kNone;
      if (slot.tag == Tag(hash) && Eq{}(entries_[slot.index - 1].first, key)) return slot.index - 1;
    }
  }
  void Place(uint64_t hash, size_t index) {
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i].index != 0) i = (i + 1) & mask;
    slots_[i] = Slot{Tag(hash), static_cast<uint32_t>(index + 1)};
  }
  void Grow() {
    slots_.assign(slots_.empty() ? 16 : 2 * slots_.size(), Slot{});
    // Entries fill at most half the slots: room for them now, so that they move only when
    // the slots grow (a small map made per page, as RunReport's, allocated five times).
    entries_.reserve(slots_.size() / 2);
    for (size_t i = 0; i < entries_.size(); ++i) Place(HashOf(entries_[i].first), i);
  }

  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_FLAT_MAP_H_
