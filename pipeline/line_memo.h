// A bounded per-thread memo of what a pure function of a line returned.
//
// Template lines come back on every page of their site (in the benchmark corpus 59% of
// the lines are repeats), and the per-line work of normalizing, rule matching and the
// like depends on the line's bytes alone, so their answers are remembered (the normalize
// stage's memo, with LineFacts in document.h). The memo forgets everything when it holds
// more than its byte budget: cheaper than tracking recency, and the lines that matter
// come back at once.
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
  Value* Find(std::string_view key) {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  // Remembers a default value for |key| (not in the memo yet), for the caller to fill in
  // through the reference, adding what it holds beyond its own size with Account(). The
  // values found or added stay where they are (a rehash moves no value) until
  // ForgetIfFull(): callers hold on to them for a page, and add nothing more once full().
  Value& Add(std::string_view key) {
    used_ += key.size() + sizeof(Value) + kEntryOverhead;
    return map_.insert_or_assign(std::string(key), Value()).first->second;
  }
  void Account(size_t bytes) { used_ += bytes; }
  bool full() const { return used_ > budget_; }
  // Forgets everything when over budget.
  void ForgetIfFull() {
    if (!full()) return;
    map_.clear();
    used_ = 0;
  }

 private:
  static constexpr size_t kEntryOverhead = 64;  // node, hash bucket, string header
  std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>> map_;
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
