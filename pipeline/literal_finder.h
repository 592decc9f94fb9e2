// Finds which of many literal strings occur in a text: the prefilter that tells
// FilteredRE2 which rule regexes can match a line, and the search for "contains" phrases.
// RE2's sets can do this too, but with thousands of literals their DFA outgrows the cache
// and dominated the run time. Here a table of the literals' first two bytes and a bitmap
// of their first three reject most positions of a text, 64 positions at a time without a
// branch (a quarter of a line's positions pass, at random, so a branch per position was
// mispredicted often enough to be most of the cost); the rest are checked against bitmaps
// of the literals' first eight bytes (four or three for shorter ones) before any literal
// is compared. Eight bytes, not four: four are two letters of Cyrillic or Greek, and
// pairs of letters start words everywhere.
// Immutable after construction; safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_
#define BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace boilerstrip {

class LiteralFinder {
 public:
  // |literals| are not empty; they may repeat.
  explicit LiteralFinder(std::vector<std::string> literals);
  // Sets |*found| to the indices of the literals occurring in |text|, ascending.
  void Find(std::string_view text, std::vector<int>* found) const;

 private:
  // The literals keyed by their first |width| bytes: a bitmap and a sorted table.
  struct Keyed {
    size_t width;
    uint64_t mask;  // keeps the first |width| bytes of a word loaded from memory
    std::vector<uint64_t> bitmap;
    std::vector<std::pair<uint64_t, int>> by_key;  // (key, literal), sorted

    explicit Keyed(size_t w);
    void Add(uint64_t key, int literal);
    static uint64_t Bit(uint64_t key) { return (key * 0x9E3779B97F4A7C15u) >> (64 - kBits); }
    // 1 if a literal may start with |key|, else 0.
    uint64_t MayStart(uint64_t key) const {
      uint64_t bit = Bit(key);
      return bitmap[bit / 64] >> (bit % 64) & 1;
    }
  };
  static uint64_t Load(const char* p) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
  }
  // 1 if a literal may start at |p|, given |word|, the eight bytes there: the first two
  // bytes of some literal are p[0] and p[1], and its first three may be those of |word|.
  uint64_t MayStartAt(const char* p, uint64_t word) const {
    unsigned pair = static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[1]) << 8;
    return (pairs_[pair / 64] >> (pair % 64)) & prefix_.MayStart(word & prefix_.mask);
  }
  // Adds to |found| the literals starting at |pos| of |text| that the first three bytes
  // allow, given |word|, the eight bytes there (zero past the end of |text|).
  void ProbeAt(std::string_view text, size_t pos, uint64_t word, std::vector<int>* found) const;
  void Probe(const Keyed& keyed, uint64_t key, std::string_view text, size_t pos,
             std::vector<int>* found) const;

  static constexpr int kBits = 18;  // 32 KB bitmaps
  std::vector<std::string> literals_;
  // The first two bytes of every literal, indexed by them (8 KB): no literal starts
  // inside a UTF-8 sequence, so this alone skips two positions in three of Chinese text,
  // one in two of Russian.
  std::vector<uint64_t> pairs_ = std::vector<uint64_t>(65536 / 64, 0);
  Keyed prefix_{3};           // the first three bytes of every literal
  std::vector<Keyed> keyed_;  // the widths some literal has, widest first
  std::vector<int> tiny_;     // literals of one or two bytes, searched for one by one
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_LITERAL_FINDER_H_
