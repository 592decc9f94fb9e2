// Finds which of many literal strings occur in a text: the prefilter that tells
// FilteredRE2 which rule regexes can match a line. RE2's sets can do this too, but with
// thousands of literals their DFA outgrows the cache and dominated the run time; a
// bitmap of the literals' first four bytes (three for the shortest) rejects almost every
// position with one load.
// Immutable after construction; safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_
#define BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace boilerstrip {

class LiteralFinder {
 public:
  // |literals| are at least three bytes long.
  explicit LiteralFinder(std::vector<std::string> literals);
  // Sets |*found| to the indices of the literals occurring in |text|, ascending.
  void Find(std::string_view text, std::vector<int>* found) const;

 private:
  // The first |n| (3 or 4) bytes at |p| as a key.
  static uint32_t Key(const char* p, int n) {
    uint32_t k = 0;
    for (int i = 0; i < n; ++i) k = k << 8 | static_cast<unsigned char>(p[i]);
    return k | static_cast<uint32_t>(n == 3) << 31;  // 3-byte keys never equal 4-byte ones
  }
  static uint32_t Bit(uint32_t key) { return (key * 0x9E3779B1u) >> (32 - kBits); }
  void Probe(std::string_view text, size_t i, int n, std::vector<int>* found) const;

  static constexpr int kBits = 18;  // a 32 KB bitmap
  std::vector<std::string> literals_;
  std::vector<uint64_t> bitmap_;
  std::unordered_map<uint32_t, std::vector<int>> by_key_;
  bool has_short_ = false;  // some literal is three bytes long
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_
