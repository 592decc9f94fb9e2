// A bounded per-thread memo of what a pure function of a line returned.
//
// Template lines come back on every page of their site (in the benchmark corpus 59% of
// the lines are repeats), and the per-line work of normalizing and rule matching depends
// on the line's bytes alone, so their answers are remembered. The memo forgets
// everything when it holds more than its byte budget: cheaper than tracking recency, and
// the lines that matter come back at once.
#ifndef BOILERSTRIP_PIPELINE_LINE_MEMO_H_
#define BOILERSTRIP_PIPELINE_LINE_MEMO_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pipeline/hash.h"

namespace boilerstrip {

template <typename Value>
class LineMemo {
 public:
  explicit LineMemo(size_t budget_bytes) : budget_(budget_bytes) {}

  // The remembered value for |key|, or nullptr.
  const Value* Find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  Value* Find(std::string_view key) {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  // Remembers |value| for |key|; |bytes|: what the value holds beyond its own size.
  const Value& Insert(std::string_view key, Value value, size_t bytes) {
    Value& slot = Emplace(key);
    slot = std::move(value);
    Account(bytes);
    return slot;
  }
  // Remembers a default value for |key|, for the caller to fill in through the reference
  // (valid until the next insertion), adding what it holds beyond its own size with
  // Account(): for answers worked out in place, whose key would otherwise need a copy.
  Value& Emplace(std::string_view key) {
    ForgetIfFull();
    return Add(key);
  }
  // As Emplace, but never forgetting: the values already found or added stay where they
  // are (a rehash moves no value). For callers that hold on to values for a while and
  // call ForgetIfFull() when they no longer do; past the budget they add nothing more.
  Value& Add(std::string_view key) {
    used_ += key.size() + sizeof(Value) + kEntryOverhead;
    return map_.insert_or_assign(std::string(key), Value()).first->second;
  }
  bool full() const { return used_ > budget_; }
  void ForgetIfFull() {
    if (full()) Clear();
  }
  void Account(size_t bytes) { used_ += bytes; }
  void Clear() {
    map_.clear();
    used_ = 0;
  }
  // A thread's memo serves one object at a time (a matcher, a stage): it forgets the
  // answers of another, named by its NextSerial() number.
  void ServeOwner(uint64_t owner) {
    if (owner_ == owner) return;
    Clear();
    owner_ = owner;
  }

 private:
  static constexpr size_t kEntryOverhead = 64;  // node, hash bucket, string header
  std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>> map_;
  size_t budget_;
  size_t used_ = 0;
  uint64_t owner_ = 0;
};

// A number no other object of the process shares, for memos that must not outlive the
// object whose answers they hold (an address can be reused; a serial cannot).
inline uint64_t NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_LINE_MEMO_H_
