// Stopword lists per language (rules/stopwords/<lang>.txt, from stopwords-iso), folded
// word by word at load time. Languages without a list borrow their neighbours'
// (fallback.txt). Every word maps to the set of languages listing it, so one lookup
// both counts a word for a page's language and votes for the languages it belongs to.
// Immutable after loading; safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_STOPWORDS_H_
#define BOILERSTRIP_PIPELINE_STOPWORDS_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pipeline/hash.h"

namespace boilerstrip {

using WordSet = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;

// A set of languages, one bit per language with its own list (at most 64).
using LanguageMask = uint64_t;

class Stopwords {
 public:
  // Loads the lists compiled into the binary.
  void LoadEmbedded();
  // Adds |words| (one per line, '#' comments) to |lang|'s own list.
  void Add(std::string_view lang, std::string_view words);
  // Makes |lang| use the lists of |borrowed| (space-separated codes).
  void AddFallback(std::string_view lang, std::string_view borrowed);

  // The languages whose lists |lang| uses (its own, or those it borrows); 0 if none.
  LanguageMask MaskOf(std::string_view lang) const;
  // The languages listing the folded |word| as a stopword. Call Freeze() first.
  LanguageMask Owners(std::string_view word) const;
  // Owners(FoldWord(word)), remembering the answers for the words seen last on this
  // thread: a page's words are mostly the same few hundred, and folding costs more than
  // the lookup. Keyed by the word's hash alone, as the table is.
  LanguageMask OwnersOfUnfolded(std::string_view word) const;
  // The same for each of |words| (at most kBatch), into |out|: every memo slot is asked
  // for before any is read, and every table slot the misses need, so the cache misses of
  // a batch overlap where one by one each waited for the last.
  static constexpr size_t kBatch = 32;
  void OwnersOfUnfolded(std::span<const std::string_view> words, LanguageMask* out) const;
  // Builds the lookup table Owners() reads; LoadEmbedded() calls it. Words are found by
  // their 64-bit hash alone: two words sharing one is a chance of about 2^-50 per word.
  void Freeze();
  // The code of the language with bit |bit| set in a mask.
  const std::string& Code(int bit) const { return codes_[bit]; }
  size_t languages() const { return codes_.size(); }
  // A number no other Stopwords shares, for memos of answers derived from these lists.
  uint64_t serial() const { return serial_; }

 private:
  uint64_t serial_ = 0;              // set by Freeze(); keys the per-thread memo
  std::vector<std::string> codes_;  // bit -> language code
  std::map<std::string, LanguageMask, std::less<>> masks_;
  std::unordered_map<std::string, LanguageMask, TransparentHash, std::equal_to<>> owners_;
  // Open addressing over word hashes: one cache line per lookup, no string compare.
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    LanguageMask mask = 0;
  };
  std::vector<Slot> table_;
  // One bit per stopword, set at the high bits of its hash: most words of a page are no
  // language's stopword, and this 32 KB filter turns them away while staying in cache,
  // where a probe of the (megabyte) table would miss it.
  static constexpr int kFilterBits = 18;
  std::vector<uint64_t> filter_;
  static uint64_t FilterBit(uint64_t hash) { return hash >> (64 - kFilterBits); }
  // False if the folded word of hash |h| is surely no stopword (the filter's answer).
  bool MayBeStopword(uint64_t h) const {
    return !table_.empty() && (filter_[FilterBit(h) / 64] >> (FilterBit(h) % 64) & 1);
  }
  // Owners() of the folded word whose hash (WordHash) is |h|.
  LanguageMask OwnersOfHash(uint64_t h) const;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_STOPWORDS_H_
