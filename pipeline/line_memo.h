// A bounded per-thread memo of what a pure function of a line returned.
//
// Template lines come back on every page of their site (in the benchmark corpus 59% of
// the lines are repeats), and the per-line work of normalizing, rule matching and the
// like depends on the line's bytes alone, so their answers are remembered (the normalize
// stage's memo, with LineFacts in document.h). The memo forgets everything when it holds
// more than its byte budget: cheaper than tracking recency, and the lines that matter
// come back at once.
//
// It is looked up for every short line of every page, mostly missing the cache, so it is
// laid out for that: an open-addressed table of (hash, entry) slots, a power of two in
// size, and each entry's key right after its value in a block of memory kept from one
// forgetting to the next. A hit costs the slot's cache line and the entry's; a
// std::unordered_map costs a division, a bucket, a node and the key's own allocation.
#ifndef BOILERSTRIP_PIPELINE_LINE_MEMO_H_
#define BOILERSTRIP_PIPELINE_LINE_MEMO_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

#include "pipeline/hash.h"

namespace boilerstrip {

template <typename Value>
class LineMemo {
 public:
  explicit LineMemo(size_t budget_bytes) : budget_(budget_bytes) {}
  ~LineMemo() { Forget(); }
  LineMemo(const LineMemo&) = delete;
  LineMemo& operator=(const LineMemo&) = delete;

  static uint64_t Hash(std::string_view key) { return HashText(key); }
  // The remembered value for |key|, or nullptr.
  Value* Find(std::string_view key) { return Find(key, Hash(key)); }
  // The same, given Hash(key).
  Value* Find(std::string_view key, uint64_t hash) {
    if (count_ == 0) return nullptr;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.entry == nullptr) return nullptr;
      if (slot.hash == hash && slot.entry->key() == key) return &slot.entry->value;
    }
  }
  // Asks the cache for the slot of a key of hash |hash|, to be looked up soon: a caller
  // that knows its next keys hides the miss a lookup mostly is behind other work.
  void PrefetchSlot(uint64_t hash) const {
    if (count_ != 0) __builtin_prefetch(&slots_[hash & mask_]);
  }
  // And then for its entry, where the slot (asked for before) holds one of that hash.
  void PrefetchEntry(uint64_t hash) const {
    if (count_ == 0) return;
    const Slot& slot = slots_[hash & mask_];
    if (slot.entry != nullptr && slot.hash == hash) {
      __builtin_prefetch(slot.entry);
      __builtin_prefetch(reinterpret_cast<const char*>(slot.entry) + 64);
    }
  }
  // Remembers a default value for |key| (not in the memo yet), for the caller to fill in
  // through the reference, adding what it holds beyond its own size with Account(). The
  // values found or added stay where they are (growing the table moves no value) until
  // ForgetIfFull(): callers hold on to them for a page, and add nothing more once full().
  Value& Add(std::string_view key) { return Add(key, Hash(key)); }
  // The same, given Hash(key).
  Value& Add(std::string_view key, uint64_t hash) {
    if (2 * (count_ + 1) > slots_.size()) Grow();
    size_t i = hash & mask_;
    while (slots_[i].entry != nullptr) i = (i + 1) & mask_;
    Entry* entry = new (Allocate(sizeof(Entry) + key.size())) Entry(key.size());
    std::memcpy(reinterpret_cast<char*>(entry + 1), key.data(), key.size());
    slots_[i] = Slot{hash, entry};
    ++count_;
    used_ += key.size() + sizeof(Value) + kEntryOverhead;
    return entry->value;
  }
  void Account(size_t bytes) { used_ += bytes; }
  bool full() const { return used_ > budget_; }
  // Forgets everything when over budget.
  void ForgetIfFull() {
    if (full()) Forget();
  }

 private:
  struct Entry {
    explicit Entry(size_t size) : size(size) {}
    std::string_view key() const { return {reinterpret_cast<const char*>(this + 1), size}; }
    Value value;
    size_t size;  // of the key, whose bytes follow
  };
  struct Slot {
    uint64_t hash = 0;
    Entry* entry = nullptr;
  };
  // Slots at most half full, and an entry's padding.
  static constexpr size_t kEntryOverhead = 2 * sizeof(Slot) + sizeof(size_t) + alignof(Entry);
  static constexpr size_t kBlockBytes = size_t{1} << 20;

  void Grow() {
    std::vector<Slot> old(std::max<size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.entry == nullptr) continue;
      size_t i = slot.hash & mask_;
      while (slots_[i].entry != nullptr) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  void* Allocate(size_t bytes) {
    bytes = (bytes + alignof(Entry) - 1) / alignof(Entry) * alignof(Entry);
    if (blocks_.empty() || block_used_ + bytes > block_size_) {
      // The blocks of earlier rounds are used again before new ones are made.
      if (blocks_.empty() || block_ + 1 == blocks_.size() || bytes > kBlockBytes) {
        size_t size = std::max(kBlockBytes, bytes);
        blocks_.push_back(Block{std::make_unique<std::byte[]>(size), size});
        block_ = blocks_.size() - 1;
      } else {
        ++block_;
      }
      block_size_ = blocks_[block_].size;
      block_used_ = 0;
    }
    void* at = blocks_[block_].data.get() + block_used_;
    block_used_ += bytes;
    return at;
  }

  void Forget() {
    for (Slot& slot : slots_) {
      if (slot.entry != nullptr) slot.entry->~Entry();
      slot = Slot{};
    }
    count_ = 0;
    used_ = 0;
    block_ = 0;
    block_used_ = 0;
    block_size_ = blocks_.empty() ? 0 : blocks_[0].size;
  }

  struct Block {
    std::unique_ptr<std::byte[]> data;
    size_t size;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
  std::vector<Block> blocks_;
  size_t block_ = 0, block_used_ = 0, block_size_ = 0;
  size_t budget_;
  size_t used_ = 0;
};

// A number no other object of the process shares, for memos that must not outlive the
// object whose answers they hold (an address can be reused; a serial cannot).
inline uint64_t NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_LINE_MEMO_H_
